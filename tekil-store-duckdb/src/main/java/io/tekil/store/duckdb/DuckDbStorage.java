package io.tekil.store.duckdb;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.IdentityStore;
import io.tekil.core.store.ProfileStore;
import io.tekil.core.store.SegmentQueryEngine;
import io.tekil.core.store.SettingsStore;
import io.tekil.core.store.SourceStore;
import io.tekil.core.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * Tekil's storage on one DuckDB file, {@code tekil.duckdb} in the data directory.
 *
 * <p>Concurrency: DuckDB allows one process to open the file. Inside it, the event writer and the catalog
 * (sources, settings) each own a connection; every read takes a fresh connection from the same database, so
 * reads see committed data and never block writes.
 */
public final class DuckDbStorage implements Storage {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbStorage.class);
    public static final String FILE_NAME = "tekil.duckdb";

    private final DuckDBConnection root;
    private final DuckDbEventStore events;
    private final DuckDbCatalog catalog;
    private final DuckDbIdentityStore identities;
    private final DuckDbProfileStore profiles;
    private final DuckDbSegmentEngine segments;
    private final DuckDbMembershipStore memberships;

    private DuckDbStorage(DuckDBConnection root, Path dataDir, DuckDbOptions options) throws SQLException {
        this.root = root;
        DuckDBConnection loading = connect();
        EventTables tables;
        try {
            tables = new EventTables(loading);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(loading);
            throw e;
        }
        Replay replay = new Replay(tables, tables.loadedPosition());
        IngestLog log;
        try {
            log = IngestLog.open(dataDir.resolve(IngestLog.DIRECTORY), replay.loaded, replay::add);
            replay.flush();
        } catch (IllegalStateException | UncheckedIOException e) {
            tables.close();
            throw new TekilException(ErrorCategory.UNAVAILABLE, String.format(
                    "cannot recover the ingest log in %s: %s", dataDir.resolve(IngestLog.DIRECTORY), e.getMessage()), e);
        }
        log.deleteThrough(replay.loaded);
        LogLoader loader = new LogLoader(tables, log, replay.loaded, options.maxPendingBytes());
        this.events = new DuckDbEventStore(this, log, loader, options.profileIndex());
        this.catalog = new DuckDbCatalog(this);
        this.identities = new DuckDbIdentityStore(this);
        this.profiles = new DuckDbProfileStore(this);
        this.segments = new DuckDbSegmentEngine(this, events);
        this.memberships = new DuckDbMembershipStore(this);
    }

    /**
     * Loads the log records found at start-up that DuckDB does not hold yet, in chunks; of the first, only the events
     * a split load left out.
     */
    private static final class Replay {
        private static final long CHUNK_BYTES = 64L * 1024 * 1024;
        private final EventTables tables;
        private final EventTables.Position start;
        private final List<EventTables.Slice> chunk = new ArrayList<>();
        private long chunkBytes;
        long loaded;

        Replay(EventTables tables, EventTables.Position start) {
            this.tables = tables;
            this.start = start;
            this.loaded = start.sequence();
        }

        void add(IngestLog.Entry entry) {
            chunk.add(EventTables.Slice.from(entry.sequence(), entry.payload(), entry.sequence() == start.sequence() + 1 ? start.events() : 0));
            chunkBytes += entry.payload().length;
            if (chunkBytes >= CHUNK_BYTES) {
                flush();
            }
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            try {
                tables.load(chunk);
            } catch (RuntimeException refused) { // one at a time, an event DuckDB refuses to the quarantine (as the loader does)
                for (EventTables.Slice slice : chunk) {
                    tables.loadSalvaging(slice);
                }
            }
            loaded = chunk.getLast().sequence();
            LOG.info("recovered {} acknowledged groups from the ingest log (through record {})", chunk.size(), loaded);
            chunk.clear();
            chunkBytes = 0;
        }
    }

    /**
     * Opens (creating when needed) the database in {@code dataDir}.
     *
     * @throws TekilException of category {@code UNAVAILABLE} when the directory cannot be used, for example
     *     because another Tekil process holds it
     */
    public static DuckDbStorage open(Path dataDir) {
        return open(dataDir, DuckDbOptions.DEFAULTS);
    }

    /** Opens with explicit tuning; see {@link DuckDbOptions}. */
    public static DuckDbStorage open(Path dataDir, DuckDbOptions options) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new TekilException(ErrorCategory.UNAVAILABLE,
                    String.format("cannot create the data directory %s: %s", dataDir, e.getMessage()), e);
        }
        Path file = dataDir.resolve(FILE_NAME);
        DuckDBConnection connection;
        try {
            connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        } catch (SQLException e) {
            String message = e.getMessage() != null && e.getMessage().contains("lock")
                    ? String.format("the data directory %s is in use by another process (is a Tekil server running on it?); "
                            + "stop it, choose another --data directory, or, to manage a running server, use its admin API "
                            + "(for example POST /api/sources). DuckDB said: %s", dataDir, e.getMessage())
                    : String.format("cannot open the database %s: %s", file, e.getMessage());
            throw new TekilException(ErrorCategory.UNAVAILABLE, message, e);
        }
        try {
            applySchema(connection, options);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET GLOBAL checkpoint_threshold = '" + options.checkpointThreshold() + "'");
                statement.execute("SET GLOBAL threads = " + options.effectiveThreads());
                statement.execute("SET GLOBAL memory_limit = '" + memoryLimitMegabytes() + "MB'");
                statement.execute(options.profileIndex() ? "CREATE INDEX IF NOT EXISTS events_identity ON events (identity_hash)"
                        : "DROP INDEX IF EXISTS events_identity");
            }
            return new DuckDbStorage(connection, dataDir, options);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof TekilException tekil) {
                throw tekil;
            }
            throw new TekilException(ErrorCategory.UNAVAILABLE, "cannot prepare the database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * DuckDB's memory limit: by default DuckDB takes 80% of the machine's memory, which with the JVM's heap beside
     * it in the same process can exceed the machine (a large sort was killed by the kernel at 10 million events
     * with a 16 GB heap on a 24 GB machine). Tekil gives DuckDB 70% of what the heap leaves, at least 512 MB;
     * beyond it DuckDB spills to disk.
     */
    static long memoryLimitMegabytes() {
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        return Math.max(512, (long) ((total - heap) * 0.7) >> 20);
    }

    private static void applySchema(DuckDBConnection connection, DuckDbOptions options) throws SQLException {
        String schema;
        try (InputStream in = DuckDbStorage.class.getResourceAsStream("schema.sql")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the schema resource is missing from the jar", e);
        }
        try (Statement statement = connection.createStatement()) {
            String compression = options.compactMessages() ? "USING COMPRESSION zstd" : "";
            for (String sql : schema.replaceAll("(?m)--.*$", "").replace("${message_compression}", compression).split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    /** A new connection to the same database; the caller closes it. */
    DuckDBConnection connect() throws SQLException {
        return (DuckDBConnection) root.duplicate();
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public SourceStore sources() {
        return catalog;
    }

    @Override
    public SettingsStore settings() {
        return catalog;
    }

    @Override
    public IdentityStore identities() {
        return identities;
    }

    @Override
    public ProfileStore profiles() {
        return profiles;
    }

    @Override
    public SegmentQueryEngine segments() {
        return segments;
    }

    @Override
    public io.tekil.core.store.MembershipStore memberships() {
        return memberships;
    }

    /**
     * For benchmarks that compare compiled segments with hand-written SQL: runs {@code sql} on the segment engine's
     * connection, where the loaded profiles are (temporary tables {@code segment_profiles}, {@code segment_keys},
     * {@code segment_memberships}), and returns the first column of every row.
     */
    public java.util.List<String> querySegmentTables(String sql) {
        return segments.query(sql);
    }

    @Override
    public void close() {
        segments.close();
        memberships.close();
        events.close();
        catalog.close();
        identities.close();
        profiles.close();
        closeQuietly(root);
    }

    static TekilException unavailable(String action, SQLException e) {
        return new TekilException(ErrorCategory.UNAVAILABLE, String.format("storage failed to %s: %s", action, e.getMessage()), e);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing on a failure path; the original failure is what matters
        }
    }
}
