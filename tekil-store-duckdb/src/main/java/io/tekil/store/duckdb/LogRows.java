package io.tekil.store.duckdb;

import io.tekil.core.event.Event;
import io.tekil.core.store.QuarantinedEvent;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBLogicalType;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;
import org.duckdb.DuckDBWritableVector;

/**
 * A DuckDB table function over the events of ingest log slices, which a load inserts with
 * {@code INSERT INTO events ... SELECT ... FROM} it ({@link #insertFrom}). DuckDB asks for a chunk of rows at a
 * time; each string column of a chunk goes over in a few calls, its values as the UTF-8 bytes the log holds, where
 * the Appender made a call into native code (and a copy of the array) for every string of 12 bytes or more. The
 * loader's CPU per row fell by about a sixth (docs/benchmarks.md, "Tenth session").
 *
 * <p>Times go over as microseconds ({@code make_timestamp} turns them into timestamps in the statement). One load
 * at a time: {@link #start} sets the slices, the statement reads them. DuckDB calls {@link #apply} on one thread at a
 * time ({@code setMaxThreads(1)}), but with more than one DuckDB thread not necessarily the loader's, nor the same
 * one each call: the methods are synchronized so that each call sees what the one before it left.
 */
final class LogRows implements DuckDBTableFunction<Object, Object, Object> {
    /** The string columns of the log, in its order: source .. previous_id, then profile_key, category, currency, json. */
    private static final String[] TEXT_BEFORE_TIMES = {"source", "channel", "message_id", "type", "name", "user_id", "anonymous_id",
        "group_id", "previous_id"};
    private static final int PROFILE_KEY = TEXT_BEFORE_TIMES.length;
    private static final int CATEGORY = PROFILE_KEY + 1;
    private static final int CURRENCY = PROFILE_KEY + 2;
    private static final int JSON = PROFILE_KEY + 3;
    /** Result columns that are not strings, in the order {@link #bind} declares them. */
    private static final int TS = 9;
    private static final int SENT_AT = 10;
    private static final int RECEIVED_AT = 11;
    private static final int PRICE = 14;
    private static final int REVENUE = 15;
    private static final int IDENTITY_HASH = 18;
    private static final int REVENUE_NUMBER = 19;
    /** The result column of each string column. */
    private static final int[] TEXT_VECTOR = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 16, 17};
    private static final int TEXT_COLUMNS = TEXT_VECTOR.length;
    /** The string columns read with {@link #repeated}. */
    private static final boolean[] REPEATING = new boolean[TEXT_COLUMNS];

    static {
        for (int column : new int[] {0, 1, 3, 4, CATEGORY, CURRENCY}) { // source, channel, type, name, category, currency
            REPEATING[column] = true;
        }
    }
    /**
     * Bytes of strings handed over per call, about: each call copies its strings into one new array, which stays
     * below G1's humongous size at this bound (a chunk of 2,048 messages of up to 32 KB each would be 64 MB).
     */
    private static final int BYTES_PER_CALL = 256 * 1024;

    private List<EventTables.Slice> slices = List.of();
    private int slice;
    private LogCodec.Reader reader;
    private int next;
    private List<QuarantinedEvent> quarantined = new ArrayList<>();
    private byte[][][] text = new byte[0][][];
    /** Each column's value of the event before, for {@link #repeated}. */
    private final byte[][] last = new byte[TEXT_COLUMNS][];

    /** The statement that inserts the rows of the table function registered as {@code function}. */
    static String insertFrom(String function) {
        return "INSERT INTO events (source, channel, message_id, type, name, user_id, anonymous_id, group_id, previous_id, ts, sent_at, "
                + "received_at, profile_key, category, price, revenue, currency, json, identity_hash, revenue_number) "
                + "SELECT source, channel, message_id, type, name, user_id, anonymous_id, group_id, previous_id, make_timestamp(ts), "
                + "make_timestamp(sent_at), make_timestamp(received_at), profile_key, category, price, revenue, currency, json, identity_hash, "
                + "revenue_number FROM " + function + "()";
    }

    /** The slices the next statement reads; their quarantined messages are collected as it goes. */
    synchronized void start(List<EventTables.Slice> slices) {
        release();
        this.slices = slices;
        quarantined = new ArrayList<>();
    }

    /** Lets go of the slices and of any values a failed call left. */
    synchronized void release() {
        slices = List.of();
        slice = 0;
        reader = null;
        for (byte[][] column : text) {
            Arrays.fill(column, null);
        }
    }

    /** The quarantined messages of the slices read that start a record. */
    synchronized List<QuarantinedEvent> quarantined() {
        return quarantined;
    }

    @Override
    public Object bind(DuckDBTableFunctionBindInfo info) throws SQLException {
        for (String name : TEXT_BEFORE_TIMES) {
            info.addResultColumn(name, DuckDBColumnType.VARCHAR);
        }
        for (String name : new String[] {"ts", "sent_at", "received_at"}) {
            info.addResultColumn(name, DuckDBColumnType.BIGINT);
        }
        info.addResultColumn("profile_key", DuckDBColumnType.VARCHAR);
        info.addResultColumn("category", DuckDBColumnType.VARCHAR);
        info.addResultColumn("price", DuckDBColumnType.DOUBLE);
        info.addResultColumn("revenue", DuckDBColumnType.DOUBLE);
        info.addResultColumn("currency", DuckDBColumnType.VARCHAR);
        info.addResultColumn("json", DuckDBColumnType.VARCHAR);
        info.addResultColumn("identity_hash", DuckDBColumnType.BIGINT);
        try (DuckDBLogicalType decimal = DuckDBLogicalType.decimal(38, 10)) {
            info.addResultColumn("revenue_number", decimal);
        }
        return this;
    }

    @Override
    public Object init(DuckDBTableFunctionInitInfo info) {
        info.setMaxThreads(1);
        return this;
    }

    /** Fills a chunk with the next events of the slices; 0 at the end. */
    @Override
    public synchronized long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
        int capacity = (int) out.capacity();
        if (text.length != TEXT_COLUMNS || text[0].length != capacity) {
            text = new byte[TEXT_COLUMNS][capacity][];
        }
        DuckDBWritableVector ts = out.vector(TS);
        DuckDBWritableVector sentAt = out.vector(SENT_AT);
        DuckDBWritableVector receivedAt = out.vector(RECEIVED_AT);
        DuckDBWritableVector price = out.vector(PRICE);
        DuckDBWritableVector revenue = out.vector(REVENUE);
        DuckDBWritableVector identityHash = out.vector(IDENTITY_HASH);
        DuckDBWritableVector revenueNumber = out.vector(REVENUE_NUMBER);
        int row = 0;
        while (row < capacity && nextEvent()) {
            for (int column = 0; column < PROFILE_KEY; column++) {
                text[column][row] = REPEATING[column] ? repeated(column) : reader.bytes();
            }
            time(ts, row);
            time(sentAt, row);
            time(receivedAt, row);
            byte[] profileKey = reader.bytes();
            text[PROFILE_KEY][row] = profileKey;
            text[CATEGORY][row] = repeated(CATEGORY);
            number(price, row);
            boolean promotedRevenue = number(revenue, row);
            text[CURRENCY][row] = repeated(CURRENCY);
            byte[] json = reader.bytes();
            text[JSON][row] = json;
            identityHash.setLong(row, Event.profileKeyHash(profileKey));
            // no promoted revenue (or total): no number-like revenue to find; null is always safe
            BigDecimal exact = promotedRevenue ? ExactRevenue.of(json) : null;
            if (exact == null) {
                revenueNumber.setNull(row);
            } else {
                revenueNumber.setBigDecimal(row, exact);
            }
            next++;
            row++;
        }
        for (int column = 0; column < TEXT_COLUMNS; column++) {
            strings(out.vector(TEXT_VECTOR[column]), text[column], row);
        }
        return row;
    }

    /**
     * The next string of a column whose value mostly repeats from one event to the next (source, channel, type, event
     * name, category, currency): the previous event's array when the bytes are the same, which spares an array and a
     * copy per value on the loader's thread (the driver copies each value anyway).
     */
    private byte[] repeated(int column) {
        byte[] value = reader.bytes(last[column]);
        last[column] = value;
        return value;
    }

    /** Whether the reader stands at an event of the current slice, moving to the next slice when one is done. */
    private boolean nextEvent() {
        while (slice < slices.size()) {
            EventTables.Slice current = slices.get(slice);
            if (reader == null) {
                reader = new LogCodec.Reader(current.record());
                for (next = 0; next < current.from(); next++) {
                    reader.skipEvent();
                }
            }
            if (next < current.to()) {
                return true;
            }
            if (current.from() == 0) {
                for (; next < reader.eventCount; next++) {
                    reader.skipEvent();
                }
                for (int i = 0; i < reader.quarantineCount; i++) {
                    quarantined.add(reader.quarantined());
                }
            }
            reader = null;
            slice++;
        }
        return false;
    }

    private void time(DuckDBWritableVector vector, int row) {
        long micros = reader.micros();
        if (LogCodec.isNull(micros)) {
            vector.setNull(row);
        } else {
            vector.setLong(row, micros);
        }
    }

    /** Sets the next number of the record (or null); returns whether there was one. */
    private boolean number(DuckDBWritableVector vector, int row) {
        if (reader.hasNumber()) {
            vector.setDouble(row, reader.number());
            return true;
        }
        vector.setNull(row);
        return false;
    }

    /** Hands the first {@code count} values over, about {@link #BYTES_PER_CALL} at a time, and lets go of them. */
    private static void strings(DuckDBWritableVector vector, byte[][] values, int count) {
        int from = 0;
        while (from < count) {
            int to = from;
            long bytes = 0;
            do {
                bytes += values[to] == null ? 0 : values[to].length;
                to++;
            } while (to < count && bytes + (values[to] == null ? 0 : values[to].length) <= BYTES_PER_CALL);
            vector.setStringUtf8Batch(from, from == 0 && to == values.length ? values : Arrays.copyOfRange(values, from, to));
            from = to;
        }
        Arrays.fill(values, 0, count, null);
    }
}
