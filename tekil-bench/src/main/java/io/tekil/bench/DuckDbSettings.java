package io.tekil.bench;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Applies DuckDB settings such as {@code threads} or {@code checkpoint_threshold} to a database that is already
 * open in this process. DuckDB's JDBC driver shares one database instance per file within a process, so a
 * {@code SET GLOBAL} on a second connection reaches the connections of {@code DuckDbStorage} too.
 */
final class DuckDbSettings {
    private DuckDbSettings() {}

    static void apply(Path databaseFile, Map<String, String> settings) throws SQLException {
        if (settings.isEmpty()) {
            return;
        }
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                if (!setting.getKey().matches("[a-z_]+")) {
                    throw new IllegalArgumentException(String.format("invalid DuckDB setting name '%s'", setting.getKey()));
                }
                statement.execute("SET GLOBAL " + setting.getKey() + " = '" + setting.getValue().replace("'", "''") + "'");
            }
        }
    }
}
