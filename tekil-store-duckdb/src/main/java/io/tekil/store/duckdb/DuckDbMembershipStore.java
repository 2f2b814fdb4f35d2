package io.tekil.store.duckdb;

import io.tekil.core.segment.live.MembershipChange;
import io.tekil.core.store.MembershipStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Membership changes in the append-only {@code segment_changes} table, written with an Appender (one commit per
 * call); members are the profiles whose newest row per segment is an enter.
 */
final class DuckDbMembershipStore implements MembershipStore, AutoCloseable {
    private final DuckDBConnection writer;
    private long seq;

    DuckDbMembershipStore(DuckDbStorage storage) throws SQLException {
        this.writer = storage.connect();
        try (Statement statement = writer.createStatement(); ResultSet max = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM segment_changes")) {
            max.next();
            seq = max.getLong(1);
        }
    }

    @Override
    public synchronized void record(List<MembershipChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        long next = seq;
        try (DuckDBAppender appender = writer.createAppender("segment_changes")) {
            for (MembershipChange change : changes) {
                appender.beginRow();
                appender.append(++next);
                appender.append(change.segmentId());
                appender.append(change.profileId());
                appender.append(change.kind() == MembershipChange.Kind.ENTER);
                appender.appendEpochMicros(Micros.of(change.at()));
                appender.append(change.cause());
                appender.endRow();
            }
            appender.flush();
            seq = next;
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("record segment membership changes", e);
        }
    }

    @Override
    public synchronized Map<String, Set<String>> members() {
        Map<String, Set<String>> members = new HashMap<>();
        try (Statement statement = writer.createStatement();
                ResultSet rows = statement.executeQuery("SELECT segment_id, profile_id, arg_max(entered, seq) FROM segment_changes GROUP BY ALL")) {
            while (rows.next()) {
                Set<String> of = members.computeIfAbsent(rows.getString(1), unused -> new HashSet<>());
                if (rows.getBoolean(3)) {
                    of.add(rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read segment members", e);
        }
        return members;
    }

    @Override
    public synchronized List<DayCount> daily(String segmentId, ZoneId zone) {
        List<DayCount> days = new ArrayList<>();
        try (PreparedStatement statement = writer.prepareStatement("SELECT timezone(?, timezone('UTC', changed_at))::DATE AS day, "
                + "count(*) FILTER (WHERE entered), count(*) FILTER (WHERE NOT entered) FROM segment_changes WHERE segment_id = ? GROUP BY day ORDER BY day")) {
            statement.setString(1, zone.getId());
            statement.setString(2, segmentId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    days.add(new DayCount(rows.getObject(1, java.time.LocalDate.class), rows.getLong(2), rows.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read a segment's history", e);
        }
        return days;
    }

    @Override
    public synchronized Optional<Instant> lastChange(String segmentId) {
        try (PreparedStatement statement = writer.prepareStatement("SELECT epoch_us(max(changed_at)) FROM segment_changes WHERE segment_id = ?")) {
            statement.setString(1, segmentId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long micros = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(micros));
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read a segment's last change", e);
        }
    }

    @Override
    public synchronized void forget(String segmentId) {
        try (PreparedStatement statement = writer.prepareStatement("DELETE FROM segment_changes WHERE segment_id = ?")) {
            statement.setString(1, segmentId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("forget a deleted segment's records", e);
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
