package io.tekil.store.duckdb;

import io.tekil.core.identity.FirstSeen;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.LogEntries;
import io.tekil.core.identity.ProfileChange;
import io.tekil.core.identity.Provenance;
import io.tekil.core.store.IdentityStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The identity log in four tables, {@code identity_identifiers} (with where each was first seen),
 * {@code identity_links}, {@code identity_link_removals} and {@code profile_changes}, only ever appended to, in one
 * transaction per {@link #append}, through one connection.
 */
final class DuckDbIdentityStore implements IdentityStore, AutoCloseable {
    private final DuckDbStorage storage;
    private final DuckDBConnection writer;
    private static final String MERGED = "profile.merged";
    private static final String SPLIT = "profile.split";
    private long identifiers;
    private long links;
    private long changes;

    DuckDbIdentityStore(DuckDbStorage storage) throws SQLException {
        this.storage = storage;
        this.writer = storage.connect();
        try (Statement statement = writer.createStatement();
                ResultSet counts = statement.executeQuery(
                        "SELECT (SELECT count(*) FROM identity_identifiers), (SELECT count(*) FROM identity_links), "
                                + "(SELECT coalesce(max(seq), 0) FROM profile_changes)")) {
            counts.next();
            identifiers = counts.getLong(1);
            links = counts.getLong(2);
            changes = counts.getLong(3);
        }
    }

    @Override
    public synchronized void append(LogEntries entries) {
        long next = links;
        for (Link link : entries.links()) {
            if (link.id() != next++) {
                throw new IllegalArgumentException(String.format("link %d does not continue the log, which has %d links", link.id(), links));
            }
        }
        for (LogEntries.Removal removal : entries.removedLinks()) {
            if (removal.linkId() < 0 || removal.linkId() >= next) {
                throw new IllegalArgumentException(String.format("no link %d in the identity log", removal.linkId()));
            }
        }
        try (Statement statement = writer.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                try (DuckDBAppender appender = writer.createAppender("identity_identifiers")) {
                    long seq = identifiers;
                    for (FirstSeen seen : entries.identifiers()) {
                        appender.beginRow();
                        appender.append(seq++);
                        appender.append(seen.identifier().type().name());
                        appender.append(seen.identifier().value());
                        appendProvenance(appender, seen.provenance());
                        appender.endRow();
                    }
                    appender.flush();
                }
                try (DuckDBAppender appender = writer.createAppender("identity_links")) {
                    for (Link link : entries.links()) {
                        appender.beginRow();
                        appender.append(link.id());
                        appender.append(link.from().type().name());
                        appender.append(link.from().value());
                        appender.append(link.to().type().name());
                        appender.append(link.to().value());
                        appendProvenance(appender, link.provenance());
                        appender.appendNull(); // removed_at: removals are appended to identity_link_removals
                        appender.endRow();
                    }
                    appender.flush();
                }
                try (DuckDBAppender appender = writer.createAppender("identity_link_removals")) {
                    for (LogEntries.Removal removal : entries.removedLinks()) {
                        appender.beginRow();
                        appender.append(removal.linkId());
                        appender.appendEpochMicros(Micros.of(removal.at()));
                        appender.endRow();
                    }
                    appender.flush();
                }
                try (DuckDBAppender appender = writer.createAppender("profile_changes")) {
                    long seq = changes;
                    for (LogEntries.Changed changed : entries.changes()) {
                        appender.beginRow();
                        appender.append(++seq);
                        switch (changed.change()) {
                            case ProfileChange.Merged merged -> {
                                appender.append(MERGED);
                                appender.append(merged.survivor());
                                appender.append(merged.absorbed());
                                appender.append(merged.linkId());
                            }
                            case ProfileChange.Split split -> {
                                appender.append(SPLIT);
                                appender.append(split.from());
                                appender.append(String.join(",", split.into()));
                                appender.append(split.linkId());
                            }
                        }
                        appender.appendEpochMicros(Micros.of(changed.at()));
                        appender.endRow();
                    }
                    appender.flush();
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
            identifiers += entries.identifiers().size();
            links += entries.links().size();
            changes += entries.changes().size();
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("store the identity log", e);
        }
    }

    @Override
    public List<StoredChange> changes(long sequence, int limit) {
        List<StoredChange> read = new ArrayList<>();
        try (DuckDBConnection connection = storage.connect();
                // sequences are dense (appended one transaction at a time, from 1), so the page is a range: DuckDB reads
                // only the row groups whose zone maps hold it, instead of sorting every change after the cursor
                PreparedStatement statement = connection.prepareStatement("SELECT seq, change, profile_id, other_ids, link_id, epoch_us(changed_at) "
                        + "FROM profile_changes WHERE seq > ? AND seq <= ? ORDER BY seq")) {
            statement.setLong(1, sequence);
            statement.setLong(2, sequence + Math.min(limit, Long.MAX_VALUE - sequence));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String profileId = rows.getString(3);
                    String others = rows.getString(4);
                    long linkId = rows.getLong(5);
                    ProfileChange change = MERGED.equals(rows.getString(2))
                            ? new ProfileChange.Merged(profileId, others, linkId)
                            : new ProfileChange.Split(profileId, List.of(others.split(",")), linkId);
                    read.add(new StoredChange(rows.getLong(1), change, Micros.toInstant(rows.getLong(6))));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read profile changes", e);
        }
        return read;
    }

    /** source, message_id, rule, seen_at: the columns of a provenance, in both tables' order. */
    private static void appendProvenance(DuckDBAppender appender, Provenance provenance) throws SQLException {
        appender.append(provenance.source());
        if (provenance.messageId() == null) {
            appender.appendNull();
        } else {
            appender.append(provenance.messageId());
        }
        appender.append(provenance.rule());
        appender.appendEpochMicros(Micros.of(provenance.at()));
    }

    @Override
    public void load(Reader reader) {
        try (DuckDBConnection connection = storage.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT type, value FROM identity_identifiers ORDER BY seq")) {
                while (rows.next()) {
                    reader.identifier(Identifier.of(new IdentifierType(rows.getString(1)), rows.getString(2)));
                }
            }
            // the first removal of a link counts; removed_at in identity_links is from logs written before removals were appended
            try (ResultSet rows = statement.executeQuery("SELECT id, from_type, from_value, to_type, to_value, source, message_id, rule, "
                    + "epoch_us(seen_at), epoch_us(coalesce(r.removed_at, l.removed_at)) FROM identity_links l "
                    + "LEFT JOIN (SELECT link_id, min(removed_at) AS removed_at FROM identity_link_removals GROUP BY link_id) r ON r.link_id = l.id "
                    + "ORDER BY id")) {
                while (rows.next()) {
                    Link link = new Link(rows.getLong(1), Identifier.of(new IdentifierType(rows.getString(2)), rows.getString(3)),
                            Identifier.of(new IdentifierType(rows.getString(4)), rows.getString(5)), provenance(rows, 6));
                    long removedAt = rows.getLong(10);
                    reader.link(link, rows.wasNull() ? null : Micros.toInstant(removedAt));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read the identity log", e);
        }
    }

    /** The provenance in the four columns from {@code first}: source, message_id, rule, epoch_us(seen_at). */
    private static Provenance provenance(ResultSet rows, int first) throws SQLException {
        return new Provenance(rows.getString(first), rows.getString(first + 1), rows.getString(first + 2), Micros.toInstant(rows.getLong(first + 3)));
    }

    @Override
    public Map<Long, Provenance> firstSeen(Collection<Long> positions) {
        Map<Long, Provenance> seen = new HashMap<>();
        if (positions.isEmpty()) {
            return seen;
        }
        String list = String.join(",", positions.stream().map(String::valueOf).toList()); // numbers only
        try (DuckDBConnection connection = storage.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT seq, source, message_id, rule, epoch_us(seen_at) FROM identity_identifiers "
                        + "WHERE seq IN (" + list + ") AND source IS NOT NULL")) {
            while (rows.next()) {
                seen.put(rows.getLong(1), provenance(rows, 2));
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read where identifiers were first seen", e);
        }
        return seen;
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
