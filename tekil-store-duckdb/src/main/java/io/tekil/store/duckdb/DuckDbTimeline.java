package io.tekil.store.duckdb;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelineEvent;
import io.tekil.core.profile.TimelinePage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * A profile's timeline page from the {@code events} table.
 *
 * <p>Design note. A page is read in two steps:
 * <ol>
 *   <li>The positions of the profile's events (row id, event and receipt time, identity hash: small numeric columns)
 *       through the {@code identity_hash} ART index. The hashes go into the SQL as literals: DuckDB uses the index for
 *       a constant {@code IN} list, not for parameters nor under an {@code ORDER BY ... LIMIT} (about 1 ms against 30 to
 *       100 ms at ten million events).
 *   <li>The page's candidates from the positions (those after the cursor, newest first, as many as the page holds and
 *       every one tied with the last; whether more follow, the positions tell), then their rows, whichever way the
 *       positions say is cheaper: by row-id ranges, which DuckDB pushes into its scan (events that lie together, or
 *       many of them), or every event of the candidates' keys through the index, paged in Java (a few events, or a few
 *       pages of scattered ones).
 * </ol>
 *
 * <p>Consistency. With the profile index, each query sees what is committed when it runs; no transaction spans them
 * (the halves a helper reads run on connections of their own). That holds because rows are only appended or deleted
 * and, while the table has an index, a row id keeps naming the same event (DuckDB keeps row ids across deletes,
 * checkpoints and restarts; it vacuums deleted rows, renumbering the others, only in tables without an index). Paging
 * stays exact, as every row is placed by its position: a row stored after the positions were read is left out (so a
 * page may miss an event committed just before another it shows, as two reads a moment apart would), and a candidate
 * that is gone when the page is read (an erasure) makes the page read again, from the positions. Without the index
 * a page is read in one transaction, on the caller's thread.
 *
 * <p>Cost. The messages are zstd-compressed in vectors of 2,048 rows, and DuckDB decompresses a vector from its start
 * up to the row it wants: once per range, and once per row fetched through the index. That is most of a page's time
 * (docs/benchmarks.md, "Profile API latency").
 *
 * <p>Two cores. When a read has enough work in two or more parts (ranges, or keys), it is split in two halves of
 * about equal estimated cost. A helper thread reads one half on a connection of its own while the caller reads the
 * other; a half the helper has not started when the caller is done with its own, the caller reads itself, so a busy
 * helper (many requests at once) does not make a page wait for a half nobody has started. The positions of a profile
 * with four keys or more are read the same way.
 */
final class DuckDbTimeline implements AutoCloseable {
    /** Pages longer than this are read from the profile's events whole. */
    private static final int MAX_PAGE_BY_POSITIONS = 200;

    /**
     * Up to this many events a profile's events are always read whole, through the index (one query). Through the
     * index DuckDB fetches each zstd-compressed message on its own (0.13 ms a row on a synthetic table, 0.35 ms at
     * ten million events of the generator's larger messages), even when the rows lie in one block, where a row-id
     * range decompresses each block once; the second query costs about 1 ms, so the page by ranges wins from a
     * handful of events that lie together (at 64, timeline p99 was 17 ms; at 0, 12.4 ms; docs/benchmarks.md).
     */
    private static final int WHOLE_READ_MAX_EVENTS = 8;

    /** DuckDB's vector: the rows a compressed block of a column holds. */
    private static final long BLOCK_ROWS = 2048;

    /**
     * Rows at most this far apart, or in the same vector, are fetched by one range: one range costs about as much as
     * 1,000 rows, and two ranges in one vector would each decompress it from its start.
     */
    private static final long ROW_RANGE_GAP = 1024;

    /** Below this estimated cost (in rows decompressed) a read is not worth handing half of to the helper. */
    private static final long SPLIT_MIN_COST = 2 * BLOCK_ROWS;

    private final DuckDbStorage storage;
    private final boolean profileIndex;
    private final ExecutorService helpers;
    private final AtomicLong splitReads = new AtomicLong();

    DuckDbTimeline(DuckDbStorage storage, boolean profileIndex) {
        this.storage = storage;
        this.profileIndex = profileIndex;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        AtomicInteger named = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "tekil-timeline-reader-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The page of the events of {@code profileKeys} (at least one) after {@code after}, newest first; the caller has waited for the loader. */
    TimelinePage page(Collection<String> profileKeys, TimelineCursor after, int limit) {
        Set<String> keys = Set.copyOf(profileKeys);
        try (DuckDBConnection connection = storage.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(profileIndex); // without the index, one transaction: see the class note
            try {
                TimelinePage page = page(statement, keys, after, limit);
                if (page == null) {
                    page = page(statement, keys, after, limit);
                }
                if (page == null) {
                    throw new TekilException(ErrorCategory.UNAVAILABLE, "a profile's events were deleted twice while its timeline was read; read it again", null);
                }
                return page;
            } finally {
                if (!profileIndex) {
                    connection.commit();
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read a profile's timeline", e);
        }
    }

    /** The page, or null when a row the positions named was deleted before it was read (an erasure): then read again. */
    private TimelinePage page(Statement statement, Set<String> keys, TimelineCursor after, int limit) throws SQLException {
        Map<Long, Position> at = positions(statement, keys);
        Candidates found = candidates(at.values(), after, limit);
        List<Position> candidates = found.positions();
        long[] rowIds = at.keySet().stream().mapToLong(Long::longValue).toArray();
        // large pages (a whole history read in pages of 1,000) are cheaper whole than as hundreds of row ranges
        if (at.size() > WHOLE_READ_MAX_EVENTS && limit <= MAX_PAGE_BY_POSITIONS && !(profileIndex && cheaperWhole(rowIds, limit))) {
            Map<Long, TimelineEvent> page = byRanges(statement, candidates.stream().mapToLong(Position::row).sorted().toArray(), at);
            if (page == null) {
                return null;
            }
            if (page.values().stream().allMatch(event -> keys.contains(event.profileKey()))) {
                return TimelinePage.of(List.copyOf(page.values()), after, limit, found.moreBeyond());
            }
            // a 64-bit hash collision: another key's rows among the positions
        }
        Map<Long, TimelineEvent> read = whole(statement, at, candidates, keys);
        if (!candidates.stream().allMatch(candidate -> read.containsKey(candidate.row()))) {
            return null;
        }
        List<TimelineEvent> events = new ArrayList<>(read.values());
        boolean moreBeyond = found.moreBeyond();
        if (events.removeIf(event -> !keys.contains(event.profileKey()))) { // a 64-bit hash collision
            events = new ArrayList<>(whole(statement, at, at.values(), keys).values());
            events.removeIf(event -> !keys.contains(event.profileKey()));
            moreBeyond = false; // every event of the profile was read
        }
        return TimelinePage.of(events, after, limit, moreBeyond);
    }

    /**
     * Whether reading every event of the profile through the index is cheaper than the page by row-id ranges, from
     * the events' row ids: true when the profile has at most three pages of events and they span more blocks of
     * 2,048 rows than half their number (they lie scattered, as live traffic leaves them). Then a range
     * decompresses a whole block for about one row, where the index fetches the row alone (50 scattered rows: 6.5 ms
     * through the index, 17 ms as ranges). When they lie together (an import) the ranges read each block once and
     * win. Only with the profile index: without it the whole read is a scan of the table.
     */
    static boolean cheaperWhole(long[] rowIds, int limit) {
        if (rowIds.length > 3L * limit) {
            return false;
        }
        long blocks = Arrays.stream(rowIds).map(row -> row / BLOCK_ROWS).distinct().count();
        return blocks * 2 > rowIds.length;
    }

    /**
     * Where one of the profile's events is (its row id and its key's hash) and its place in the timeline by event
     * and receipt time; the source and message id that break ties are read with the page's rows.
     */
    private record Position(long row, long micros, long receivedMicros, long hash) {
        static final Comparator<Position> NEWEST_FIRST = Comparator.comparingLong(Position::micros).reversed()
                .thenComparing(Comparator.comparingLong(Position::receivedMicros).reversed());

        /** Whether this position could come after a cursor at these times: older, or of the same times (then the tie-break decides). */
        boolean notBefore(long cursorMicros, long cursorReceived) {
            return micros < cursorMicros || sameTimes(cursorMicros, cursorReceived);
        }

        boolean sameTimes(long otherMicros, long otherReceived) {
            return micros == otherMicros && receivedMicros == otherReceived;
        }

        /** What fetching this row through the index costs, in rows decompressed: the rows before it in its vector, and the fetch. */
        long fetchCost() {
            return row % BLOCK_ROWS + BLOCK_ROWS / 4;
        }
    }

    /**
     * The positions of every event of {@code keys}; through the index, the keys in two halves when there are at
     * least {@link #POSITIONS_SPLIT_MIN_KEYS} of them (a profile with many keys often has hundreds of events, and
     * reading their positions took 1 to 4 ms).
     */
    private Map<Long, Position> positions(Statement statement, Set<String> keys) throws SQLException {
        List<String> perKey = List.copyOf(keys);
        Function<List<String>, String> sql = group -> "SELECT rowid, epoch_us(ts), epoch_us(received_at), identity_hash FROM events WHERE "
                + DuckDbEventStore.ofKeys(Set.copyOf(group), profileIndex);
        RowReader<Position> reader = (rows, into) -> into.put(rows.getLong(1), new Position(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
        return read(statement, perKey, key -> 1, POSITIONS_SPLIT_MIN_KEYS, sql, reader);
    }

    /** Profiles with at least this many keys have their positions read in two halves. */
    private static final int POSITIONS_SPLIT_MIN_KEYS = 4;

    /**
     * The positions the page may take its events from: those after the cursor in timeline order (those tied with the
     * cursor's times included, as the tie-break may keep them), enough of them to fill the page after the exact order
     * is applied, and every one tied with the last.
     */
    private static Candidates candidates(Collection<Position> positions, TimelineCursor after, int limit) {
        long cursorMicros = after == null ? Long.MAX_VALUE : Micros.of(after.timestamp());
        long cursorReceived = after == null ? Long.MAX_VALUE : Micros.of(after.receivedAt());
        List<Position> candidates = positions.stream()
                .filter(position -> after == null || position.notBefore(cursorMicros, cursorReceived))
                .sorted(Position.NEWEST_FIRST)
                .toList();
        long tiedWithCursor = after == null ? 0 : candidates.stream().filter(position -> position.sameTimes(cursorMicros, cursorReceived)).count();
        int end = (int) Math.min(candidates.size(), limit + tiedWithCursor);
        while (end > 0 && end < candidates.size() && candidates.get(end).sameTimes(candidates.get(end - 1).micros(), candidates.get(end - 1).receivedMicros())) {
            end++;
        }
        return new Candidates(candidates.subList(0, end), end < candidates.size());
    }

    /**
     * The positions a page takes its events from, and whether more follow them: those beyond are older than every
     * candidate (the ties of the last are candidates) and than the cursor (its ties come first), so they are on later
     * pages, and the page is full without them.
     */
    private record Candidates(List<Position> positions, boolean moreBeyond) {
        // with a 64-bit hash collision the positions include another key's events, which may be all that lies
        // beyond: the page then promises more and the next one is empty (and the last)
    }

    /** The rows at {@code rowIds} (ascending), fetched by ranges of nearby rows; null when one of them was deleted meanwhile. */
    private Map<Long, TimelineEvent> byRanges(Statement statement, long[] rowIds, Map<Long, Position> at) throws SQLException {
        if (rowIds.length == 0) {
            return new HashMap<>(); // nothing follows the cursor
        }
        List<long[]> ranges = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= rowIds.length; i++) {
            if (i == rowIds.length || rowIds[i] - rowIds[i - 1] > ROW_RANGE_GAP && rowIds[i] / BLOCK_ROWS != rowIds[i - 1] / BLOCK_ROWS) {
                ranges.add(Arrays.copyOfRange(rowIds, start, i));
                start = i;
            }
        }
        Set<Long> wanted = Arrays.stream(rowIds).boxed().collect(Collectors.toSet());
        Map<Long, TimelineEvent> events = read(statement, ranges, DuckDbTimeline::rangeCost, SPLIT_MIN_COST, DuckDbTimeline::rangesSql, pageReader(at));
        return events.keySet().equals(wanted) ? events : null;
    }

    /** What reading a range costs, in rows decompressed: its first vector from the start up to its last row, and the range's own set-up. */
    private static long rangeCost(long[] range) {
        return range[range.length - 1] - range[0] / BLOCK_ROWS * BLOCK_ROWS + 1 + BLOCK_ROWS;
    }

    /**
     * The rows of {@code ranges} (each the ascending row ids of one range): each range is scanned from its first row
     * to its last, and only the wanted rows leave DuckDB. Without that filter a range with other rows between the
     * wanted ones paid for all of them in the result (a range of 1,001 rows for 4 wanted: 6.7 to 9.2 ms, with it 2.0).
     */
    private static String rangesSql(List<long[]> ranges) {
        StringJoiner sql = new StringJoiner(" UNION ALL ");
        for (long[] rows : ranges) {
            long first = rows[0];
            long last = rows[rows.length - 1];
            String only = rows.length == last - first + 1 ? ""
                    : " AND rowid IN (" + Arrays.stream(rows).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
            sql.add("SELECT " + COLUMNS + " FROM events WHERE rowid BETWEEN " + first + " AND " + last + only);
        }
        return sql.toString();
    }

    /**
     * Every event of the keys that {@code candidates} come from, through the index (or a scan without it). The page
     * is among them: each of its events is a candidate, and every event of a candidate's key is read.
     */
    private Map<Long, TimelineEvent> whole(Statement statement, Map<Long, Position> at, Collection<Position> candidates, Set<String> keys)
            throws SQLException {
        if (!profileIndex) {
            return rows(statement, "SELECT " + COLUMNS + " FROM events WHERE " + DuckDbEventStore.ofKeys(keys, false), pageReader(at));
        }
        Set<Long> wanted = candidates.stream().map(Position::hash).collect(Collectors.toSet());
        Map<Long, Long> costs = at.values().stream().filter(position -> wanted.contains(position.hash()))
                .collect(Collectors.groupingBy(Position::hash, Collectors.summingLong(Position::fetchCost)));
        if (costs.isEmpty()) {
            return new HashMap<>();
        }
        return read(statement, List.copyOf(costs.keySet()), costs::get, SPLIT_MIN_COST, hashes -> "SELECT " + COLUMNS + " FROM events WHERE identity_hash IN ("
                + hashes.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")", pageReader(at));
    }

    /**
     * The rows {@code parts} select, by row id: in one query, or, when the parts cost at least {@code minCost}
     * together and there are two or more, in two halves of about equal cost, the helper reading one of them (see the
     * class note).
     */
    private <P, R> Map<Long, R> read(Statement statement, List<P> parts, ToLongFunction<P> cost, long minCost, Function<List<P>, String> sql,
            RowReader<R> reader) throws SQLException {
        List<List<P>> halves = halves(parts, cost);
        if (!profileIndex || halves.get(1).isEmpty() || parts.stream().mapToLong(cost).sum() < minCost) {
            return rows(statement, sql.apply(parts), reader);
        }
        splitReads.incrementAndGet();
        String theirs = sql.apply(halves.get(1));
        AtomicBoolean claimed = new AtomicBoolean();
        CompletableFuture<Map<Long, R>> helped = new CompletableFuture<>();
        try {
            helpers.execute(() -> {
                if (claimed.compareAndSet(false, true)) {
                    try (DuckDBConnection connection = storage.connect(); Statement own = connection.createStatement()) {
                        helped.complete(rows(own, theirs, reader));
                    } catch (Throwable e) {
                        helped.completeExceptionally(e);
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            // the store is closing: the caller reads both halves
        }
        Map<Long, R> found;
        try {
            found = rows(statement, sql.apply(halves.get(0)), reader);
        } catch (SQLException | RuntimeException e) {
            claimed.set(true); // the helper need not start its half
            throw e;
        }
        if (claimed.compareAndSet(false, true)) {
            found.putAll(rows(statement, theirs, reader));
            return found;
        }
        try {
            found.putAll(helped.join());
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case SQLException failed -> throw failed;
                case RuntimeException failed -> throw failed;
                case Error failed -> throw failed;
                default -> throw e;
            }
        }
        return found;
    }

    /** {@code parts} in two lists of about equal total cost: the costliest first, each to the lighter list. */
    static <T> List<List<T>> halves(List<T> parts, ToLongFunction<T> cost) {
        List<T> costliestFirst = new ArrayList<>(parts);
        costliestFirst.sort(Comparator.comparingLong(cost).reversed());
        List<T> first = new ArrayList<>();
        List<T> second = new ArrayList<>();
        long firstCost = 0;
        long secondCost = 0;
        for (T part : costliestFirst) {
            if (firstCost <= secondCost) {
                first.add(part);
                firstCost += cost.applyAsLong(part);
            } else {
                second.add(part);
                secondCost += cost.applyAsLong(part);
            }
        }
        return List.of(first, second);
    }

    /** What a page shows of each event, and its row id; the times come from the positions. */
    private static final String COLUMNS = "source, channel, message_id, type, name, profile_key, json, rowid";

    /**
     * Reads the events of a page ({@link #COLUMNS}) with their times from {@code at}. A row without a position was
     * stored after the positions were read and is left out, as if the page had been read before it.
     */
    private static RowReader<TimelineEvent> pageReader(Map<Long, Position> at) {
        return (rows, into) -> {
            Position position = at.get(rows.getLong(8));
            if (position != null) {
                into.put(position.row(), new TimelineEvent(rows.getString(1), Channel.parse(rows.getString(2)), rows.getString(3),
                        MessageType.fromId(rows.getString(4)).orElseThrow(), rows.getString(5), Micros.toInstant(position.micros()),
                        Micros.toInstant(position.receivedMicros()), rows.getString(6), JsonText.of(rows.getString(7))));
            }
        };
    }

    /** Puts what one row of a result holds into a map by row id, or leaves the row out. */
    @FunctionalInterface
    private interface RowReader<R> {
        void read(ResultSet rows, Map<Long, R> into) throws SQLException;
    }

    /** The rows {@code sql} selects, as {@code reader} reads them, by row id. */
    private static <R> Map<Long, R> rows(Statement statement, String sql, RowReader<R> reader) throws SQLException {
        Map<Long, R> found = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows, found);
            }
        }
        return found;
    }

    /** How many reads were split in two halves so far. */
    long splitReads() {
        return splitReads.get();
    }

    /** Stops the helper once the halves it has started are read (before the database closes under them). */
    @Override
    public void close() {
        helpers.shutdown();
        try {
            helpers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
