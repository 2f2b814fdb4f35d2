package io.tekil.store.duckdb;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.core.store.SettingsStore;
import io.tekil.core.store.SourceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/** Sources and settings: small tables written rarely, through one connection. */
final class DuckDbCatalog implements SourceStore, SettingsStore, AutoCloseable {
    private final DuckDbStorage storage;
    private final DuckDBConnection writer;

    DuckDbCatalog(DuckDbStorage storage) throws SQLException {
        this.storage = storage;
        this.writer = storage.connect();
    }

    @Override
    public synchronized void create(Source source) {
        try (PreparedStatement statement = writer.prepareStatement(
                "INSERT INTO sources (name, channel, write_key, created_at) VALUES (?, ?, ?, make_timestamp(?))")) {
            statement.setString(1, source.name());
            statement.setString(2, source.channel().id());
            statement.setString(3, source.writeKey());
            statement.setLong(4, Micros.of(source.createdAt()));
            statement.executeUpdate();
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                throw TekilException.conflict("a source named '%s' already exists; choose another name", source.name());
            }
            throw DuckDbStorage.unavailable("create a source", e);
        }
    }

    @Override
    public List<Source> list() {
        return querySources("SELECT name, channel, write_key, epoch_us(created_at) FROM sources ORDER BY name", null);
    }

    @Override
    public Optional<Source> findByName(String name) {
        return querySources("SELECT name, channel, write_key, epoch_us(created_at) FROM sources WHERE name = ?", name)
                .stream()
                .findFirst();
    }

    private List<Source> querySources(String sql, String parameter) {
        try (DuckDBConnection connection = storage.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            List<Source> sources = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long micros = rows.getLong(4);
                    sources.add(new Source(rows.getString(1), Channel.parse(rows.getString(2)), rows.getString(3),
                            Micros.toInstant(micros)));
                }
            }
            return sources;
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read sources", e);
        }
    }

    @Override
    public Optional<String> get(String key) {
        try (DuckDBConnection connection = storage.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read a setting", e);
        }
    }

    @Override
    public synchronized void put(String key, String value) {
        try (PreparedStatement statement = writer.prepareStatement("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")) {
            statement.setString(1, key);
            statement.setString(2, value);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("write a setting", e);
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

    private static boolean isConstraintViolation(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Constraint Error") || message.contains("Duplicate key") || message.contains("violates");
    }
}
