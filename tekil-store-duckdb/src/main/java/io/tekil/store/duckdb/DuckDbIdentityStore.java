package io.tekil.store.duckdb;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.Provenance;
import io.tekil.core.store.IdentityStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** The identity log in two tables, {@code identity_identifiers} and {@code identity_links}, written through one connection. */
final class DuckDbIdentityStore implements IdentityStore, AutoCloseable {
    private final DuckDbStorage storage;
    private final DuckDBConnection writer;
    private long identifiers;
    private long links;

    DuckDbIdentityStore(DuckDbStorage storage) throws SQLException {
        this.storage = storage;
        this.writer = storage.connect();
        try (Statement statement = writer.createStatement();
                ResultSet counts = statement.executeQuery(
                        "SELECT (SELECT count(*) FROM identity_identifiers), (SELECT count(*) FROM identity_links)")) {
            counts.next();
            identifiers = counts.getLong(1);
            links = counts.getLong(2);
        }
    }

    @Override
    public synchronized void append(List<Identifier> newIdentifiers, List<Link> newLinks) {
        long next = links;
        for (Link link : newLinks) {
            if (link.id() != next++) {
                throw new IllegalArgumentException(String.format("link %d does not continue the log, which has %d links", link.id(), links));
            }
        }
        try (Statement statement = writer.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                try (DuckDBAppender appender = writer.createAppender("identity_identifiers")) {
                    long seq = identifiers;
                    for (Identifier identifier : newIdentifiers) {
                        appender.beginRow();
                        appender.append(seq++);
                        appender.append(identifier.type().name());
                        appender.append(identifier.value());
                        appender.endRow();
                    }
                    appender.flush();
                }
                try (DuckDBAppender appender = writer.createAppender("identity_links")) {
                    for (Link link : newLinks) {
                        appender.beginRow();
                        appender.append(link.id());
                        appender.append(link.from().type().name());
                        appender.append(link.from().value());
                        appender.append(link.to().type().name());
                        appender.append(link.to().value());
                        appender.append(link.provenance().source());
                        if (link.provenance().messageId() == null) {
                            appender.appendNull();
                        } else {
                            appender.append(link.provenance().messageId());
                        }
                        appender.append(link.provenance().rule());
                        appender.appendEpochMicros(Micros.of(link.provenance().at()));
                        appender.appendNull();
                        appender.endRow();
                    }
                    appender.flush();
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
            identifiers += newIdentifiers.size();
            links += newLinks.size();
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("store identity links", e);
        }
    }

    @Override
    public synchronized void markRemoved(long linkId, Instant at) {
        try (PreparedStatement statement = writer.prepareStatement("UPDATE identity_links SET removed_at = make_timestamp(?) WHERE id = ?")) {
            statement.setLong(1, Micros.of(at));
            statement.setLong(2, linkId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalArgumentException(String.format("no link %d in the identity log", linkId));
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("mark an identity link removed", e);
        }
    }

    @Override
    public void load(Reader reader) {
        try (DuckDBConnection connection = storage.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT type, value FROM identity_identifiers ORDER BY seq")) {
                while (rows.next()) {
                    reader.identifier(Identifier.of(new IdentifierType(rows.getString(1)), rows.getString(2)));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, from_type, from_value, to_type, to_value, source, message_id, rule, "
                    + "epoch_us(seen_at), removed_at IS NOT NULL FROM identity_links ORDER BY id")) {
                while (rows.next()) {
                    Link link = new Link(rows.getLong(1), Identifier.of(new IdentifierType(rows.getString(2)), rows.getString(3)),
                            Identifier.of(new IdentifierType(rows.getString(4)), rows.getString(5)),
                            new Provenance(rows.getString(6), rows.getString(7), rows.getString(8), Micros.toInstant(rows.getLong(9))));
                    reader.link(link, rows.getBoolean(10));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read the identity log", e);
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
