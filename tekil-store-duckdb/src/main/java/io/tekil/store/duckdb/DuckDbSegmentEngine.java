package io.tekil.store.duckdb;

import io.tekil.core.event.Event;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.store.SegmentQueryEngine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Bulk segments on DuckDB: the loaded profiles live in temporary tables of the engine's own connection
 * ({@code segment_profiles}: id, traits, computed attributes; {@code segment_keys}: which event keys are whose;
 * {@code segment_memberships}: who is in which other segment), and a rule is compiled by {@link SegmentSql} into one query joining them with {@code events}. Calls are
 * serialized on that connection.
 */
final class DuckDbSegmentEngine implements SegmentQueryEngine, AutoCloseable {
    private final DuckDBConnection connection;
    private final DuckDbEventStore events;

    DuckDbSegmentEngine(DuckDbStorage storage, DuckDbEventStore events) throws SQLException {
        this.connection = storage.connect();
        this.events = events;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE segment_profiles (profile_id VARCHAR NOT NULL, traits JSON NOT NULL, computed JSON NOT NULL)");
            statement.execute("CREATE TEMP TABLE segment_replaced (profile_id VARCHAR NOT NULL)");
            statement.execute("CREATE TEMP TABLE segment_keys (profile_key VARCHAR NOT NULL, profile_id VARCHAR NOT NULL)");
            statement.execute("CREATE TEMP TABLE segment_memberships (profile_id VARCHAR NOT NULL, segment VARCHAR NOT NULL)");
        }
    }

    @Override
    public synchronized void loadProfiles(Collection<SegmentProfile> profiles) {
        write("load profiles for segments", statement -> {
            statement.execute("DELETE FROM segment_profiles");
            statement.execute("DELETE FROM segment_keys");
            statement.execute("DELETE FROM segment_memberships");
            append(profiles);
        });
    }

    /** Deletes every row of the changed and removed profiles, then appends the changed ones, in one transaction. */
    @Override
    public synchronized void updateProfiles(Collection<SegmentProfile> changed, Collection<String> removed) {
        if (changed.isEmpty() && removed.isEmpty()) {
            return;
        }
        write("update profiles for segments", statement -> {
            statement.execute("DELETE FROM segment_replaced");
            try (DuckDBAppender ids = connection.createAppender("temp", "main", "segment_replaced")) {
                for (SegmentProfile profile : changed) {
                    ids.beginRow();
                    ids.append(profile.profileId());
                    ids.endRow();
                }
                for (String id : removed) {
                    ids.beginRow();
                    ids.append(id);
                    ids.endRow();
                }
            }
            for (String table : List.of("segment_profiles", "segment_keys", "segment_memberships")) {
                statement.execute("DELETE FROM " + table + " WHERE profile_id IN (SELECT profile_id FROM segment_replaced)");
            }
            append(changed);
        });
    }

    private interface Work {
        void run(Statement statement) throws SQLException;
    }

    private void write(String action, Work work) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                work.run(statement);
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable(action, e);
        }
    }

    private void append(Collection<SegmentProfile> profiles) throws SQLException {
        try (DuckDBAppender profileRows = connection.createAppender("temp", "main", "segment_profiles");
                DuckDBAppender keyRows = connection.createAppender("temp", "main", "segment_keys");
                DuckDBAppender membershipRows = connection.createAppender("temp", "main", "segment_memberships")) {
            for (SegmentProfile profile : profiles) {
                profileRows.beginRow();
                profileRows.append(profile.profileId());
                profileRows.append(profile.traits().toString());
                profileRows.append(profile.computed().toString());
                profileRows.endRow();
                for (String segment : profile.segments()) {
                    membershipRows.beginRow();
                    membershipRows.append(profile.profileId());
                    membershipRows.append(segment);
                    membershipRows.endRow();
                }
                for (String key : profile.eventKeys()) {
                    keyRows.beginRow();
                    keyRows.append(key);
                    keyRows.append(profile.profileId());
                    keyRows.endRow();
                }
            }
        }
    }

    @Override
    public void forEachCandidate(Collection<EventFilter> filters, Consumer<Event> consumer) {
        events.forEachWhere(SegmentSql.mayMatchAny(filters), consumer);
    }

    @Override
    public synchronized Set<String> select(Rule rule, Instant now, ZoneId zone) {
        return new HashSet<>(query(SegmentSql.compile(rule, now, zone)));
    }

    /** The first column of every row of {@code sql}, run where the loaded profiles are, once DuckDB holds every acknowledged event. */
    synchronized java.util.List<String> query(String sql) {
        events.awaitLoaded();
        java.util.List<String> values = new java.util.ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("run a query", e);
        }
        return values;
    }

    @Override
    public synchronized Set<String> eventNames() {
        return new HashSet<>(query("SELECT DISTINCT name FROM events WHERE name IS NOT NULL"));
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("close the segment engine", e);
        }
    }
}
