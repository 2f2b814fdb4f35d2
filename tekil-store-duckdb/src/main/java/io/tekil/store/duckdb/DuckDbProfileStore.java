package io.tekil.store.duckdb;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.profile.Trait;
import io.tekil.core.profile.TraitJson;
import io.tekil.core.store.ProfileStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Traits in the append-only {@code profile_traits} table: a save appends one row per changed identifier (an
 * Appender, no index to maintain), a load reads the newest row of each, and opening the store drops rows that a
 * newer one replaced once they are the majority.
 */
final class DuckDbProfileStore implements ProfileStore, AutoCloseable {
    private final DuckDBConnection writer;
    private long seq;

    DuckDbProfileStore(DuckDbStorage storage) throws SQLException {
        this.writer = storage.connect();
        try (Statement statement = writer.createStatement();
                ResultSet counts = statement.executeQuery("SELECT coalesce(max(seq), 0), count(*), "
                        + "(SELECT count(*) FROM (SELECT DISTINCT identifier_type, identifier_value FROM profile_traits)) FROM profile_traits")) {
            counts.next();
            seq = counts.getLong(1);
            if (counts.getLong(2) > 2 * counts.getLong(3) + 10_000) {
                compact(statement);
            }
        }
    }

    private static void compact(Statement statement) throws SQLException {
        statement.execute("BEGIN TRANSACTION");
        try {
            statement.execute("DELETE FROM profile_traits WHERE seq NOT IN (SELECT max(seq) FROM profile_traits "
                    + "GROUP BY identifier_type, identifier_value)");
            statement.execute("COMMIT");
        } catch (SQLException e) {
            statement.execute("ROLLBACK");
            throw e;
        }
    }

    @Override
    public synchronized void saveTraits(Map<Identifier, List<Trait>> changed) {
        if (changed.isEmpty()) {
            return;
        }
        long next = seq;
        try (DuckDBAppender appender = writer.createAppender("profile_traits")) {
            for (Map.Entry<Identifier, List<Trait>> entry : changed.entrySet()) {
                appender.beginRow();
                appender.append(++next);
                appender.append(entry.getKey().type().name());
                appender.append(entry.getKey().value());
                appender.append(TraitJson.write(entry.getValue()));
                appender.endRow();
            }
            appender.flush(); // auto-commit: the rows are durable together
            seq = next;
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("save profile traits", e);
        }
    }

    @Override
    public void loadTraits(BiConsumer<Identifier, List<Trait>> consumer) {
        try (Statement statement = writer.createStatement();
                ResultSet rows = statement.executeQuery("SELECT identifier_type, identifier_value, traits FROM profile_traits "
                        + "QUALIFY row_number() OVER (PARTITION BY identifier_type, identifier_value ORDER BY seq DESC) = 1")) {
            while (rows.next()) {
                consumer.accept(Identifier.of(IdentifierType.of(rows.getString(1)), rows.getString(2)), TraitJson.read(rows.getString(3)));
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("load profile traits", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (SQLException ignored) {
            // shutting down
        }
    }
}
