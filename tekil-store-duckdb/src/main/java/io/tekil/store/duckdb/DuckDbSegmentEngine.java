package io.tekil.store.duckdb;

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
import java.util.Set;
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
            statement.execute("CREATE TEMP TABLE segment_profiles (profile_id VARCHAR PRIMARY KEY, traits JSON NOT NULL, computed JSON NOT NULL)");
            statement.execute("CREATE TEMP TABLE segment_keys (profile_key VARCHAR NOT NULL, profile_id VARCHAR NOT NULL)");
            statement.execute("CREATE TEMP TABLE segment_memberships (profile_id VARCHAR NOT NULL, segment VARCHAR NOT NULL)");
        }
    }

    @Override
    public synchronized void loadProfiles(Collection<SegmentProfile> profiles) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                statement.execute("DELETE FROM segment_profiles");
                statement.execute("DELETE FROM segment_keys");
                statement.execute("DELETE FROM segment_memberships");
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
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("load profiles for segments", e);
        }
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
