package io.tekil.store.duckdb;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.store.QuarantinedEvent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of one committed group (events and quarantined messages) in the ingest log. Strings are
 * length-prefixed UTF-8; an event's JSON is copied as the bytes it already is. Events are written in the
 * column order of the {@code events} table, which {@link EventTables} relies on when it reads them back.
 */
final class LogCodec {
    private static final int VERSION = 1;
    private static final long NULL_TIME = Long.MIN_VALUE;
    private static final int NULL_LENGTH = -1;
    private static final byte[][] CHANNEL_IDS = java.util.Arrays.stream(Channel.values())
            .map(channel -> channel.id().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    private static final byte[][] TYPE_IDS = java.util.Arrays.stream(MessageType.values())
            .map(type -> type.id().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private LogCodec() {}

    /** Encodes a group; the returned buffer is ready to read (position 0, limit at the end of the record). */
    static ByteBuffer encode(List<Event> events, List<QuarantinedEvent> quarantined) {
        return encode(events, quarantined, null);
    }

    /**
     * Encodes a group into {@code reuse} (cleared first) when it is large enough, else into a new buffer of the same
     * kind, direct or not; the returned buffer is ready to read. The ingest log's writer encodes into one direct
     * buffer it keeps, which the file channel writes without first copying a heap buffer into a direct one.
     *
     * @param reuse a buffer to encode into, or null for a new heap buffer
     */
    static ByteBuffer encode(List<Event> events, List<QuarantinedEvent> quarantined, ByteBuffer reuse) {
        int estimate = 256;
        for (Event event : events) {
            estimate += event.json().byteLength() + 320;
        }
        Writer out = new Writer(reuse, estimate);
        out.ensure(9);
        out.buffer.put((byte) VERSION).putInt(events.size()).putInt(quarantined.size());
        String source = null;
        byte[] sourceBytes = null;
        for (Event event : events) {
            if (!event.source().equals(source)) { // a group's events mostly share a source
                source = event.source();
                sourceBytes = source.getBytes(StandardCharsets.UTF_8);
            }
            out.bytes(sourceBytes);
            out.bytes(CHANNEL_IDS[event.channel().ordinal()]);
            out.string(event.messageId());
            out.bytes(TYPE_IDS[event.type().ordinal()]);
            out.string(event.name());
            out.string(event.userId());
            out.string(event.anonymousId());
            out.string(event.groupId());
            out.string(event.previousId());
            out.time(event.timestamp());
            out.time(event.sentAt());
            out.time(event.receivedAt());
            out.string(event.profileKey());
            out.string(event.category());
            out.number(event.price());
            out.number(event.revenue());
            out.string(event.currency());
            out.bytes(event.json().utf8());
        }
        for (QuarantinedEvent event : quarantined) {
            out.string(event.source());
            out.time(event.receivedAt());
            out.ensure(4);
            out.buffer.putInt(event.index());
            out.string(event.messageId());
            out.string(event.reason());
            out.string(event.json());
        }
        return out.buffer.flip();
    }

    /** A group encoded as {@link #encode} does, as exactly the record's bytes. */
    static byte[] record(List<Event> events, List<QuarantinedEvent> quarantined) {
        ByteBuffer encoded = encode(events, quarantined);
        return java.util.Arrays.copyOf(encoded.array(), encoded.limit());
    }

    /** How many events a record holds, from its header. */
    static int eventCount(byte[] record) {
        return new Reader(record).eventCount;
    }

    /**
     * Reads a record field by field in the order {@link #encode} wrote it, without building events: the
     * loader hands fields straight to DuckDB ({@link LogRows}), strings as the UTF-8 bytes they are.
     */
    static final class Reader {
        private final ByteBuffer in;
        final int eventCount;
        final int quarantineCount;

        Reader(byte[] payload) {
            in = ByteBuffer.wrap(payload);
            try {
                int version = in.get() & 0xff;
                if (version != VERSION) {
                    throw new IllegalStateException(String.format(
                            "ingest log record has version %d; this Tekil reads version %d", version, VERSION));
                }
                eventCount = in.getInt();
                quarantineCount = in.getInt();
            } catch (BufferUnderflowException e) {
                throw new IllegalStateException("ingest log record is shorter than its header", e);
            }
        }

        /** The next string as UTF-8 bytes, or null. */
        byte[] bytes() {
            return bytes(null);
        }

        /** As {@link #bytes()}, but {@code same} itself (unless null) when the next string has exactly its bytes. */
        byte[] bytes(byte[] same) {
            int length = in.getInt();
            if (length == NULL_LENGTH) {
                return null;
            }
            int at = in.arrayOffset() + in.position();
            if (same != null && length == same.length && Arrays.equals(in.array(), at, at + length, same, 0, length)) {
                in.position(in.position() + length);
                return same;
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return bytes;
        }

        /** Passes over the next event without reading its fields. */
        void skipEvent() {
            for (int field = 0; field < 9; field++) { // source .. previous_id
                skipBytes();
            }
            in.position(in.position() + 3 * Long.BYTES); // ts, sent_at, received_at
            skipBytes(); // profile key
            skipBytes(); // category
            for (int number = 0; number < 2; number++) { // price, revenue
                if (hasNumber()) {
                    number();
                }
            }
            skipBytes(); // currency
            skipBytes(); // json
        }

        private void skipBytes() {
            int length = in.getInt();
            if (length != NULL_LENGTH) {
                in.position(in.position() + length);
            }
        }

        String string() {
            byte[] bytes = bytes();
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        /** The next time in microseconds since the epoch, or {@link #NULL_TIME}. */
        long micros() {
            return in.getLong();
        }

        boolean hasNumber() {
            return in.get() != 0;
        }

        double number() {
            return in.getDouble();
        }

        int integer() {
            return in.getInt();
        }

        /** The next event, built whole (for the rare path that looks at events one by one; loading streams fields instead). */
        Event event() {
            return new Event(string(), Channel.parse(string()), string(),
                    MessageType.fromId(string()).orElseThrow(() -> new IllegalStateException("ingest log record with an unknown type")),
                    string(), string(), string(), string(), string(), time(), time(), time(), string(), string(), nullableNumber(), nullableNumber(),
                    string(), new JsonText(bytes()));
        }

        private Instant time() {
            long micros = micros();
            return isNull(micros) ? null : Micros.toInstant(micros);
        }

        private Double nullableNumber() {
            return hasNumber() ? number() : null;
        }

        QuarantinedEvent quarantined() {
            String source = string();
            long receivedAt = micros();
            return new QuarantinedEvent(source, Micros.toInstant(receivedAt), integer(), string(), string(), string());
        }
    }

    static boolean isNull(long micros) {
        return micros == NULL_TIME;
    }

    /** A growing buffer; unlike {@code DataOutputStream} over a byte stream, no lock per written int. */
    private static final class Writer {
        ByteBuffer buffer;

        Writer(ByteBuffer reuse, int capacity) {
            if (reuse == null) {
                buffer = ByteBuffer.allocate(capacity);
            } else {
                buffer = reuse.capacity() < capacity ? like(reuse, capacity) : reuse.clear();
            }
        }

        /** A new buffer of {@code capacity} bytes, direct when {@code kind} is. */
        private static ByteBuffer like(ByteBuffer kind, int capacity) {
            return kind.isDirect() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        }

        void ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = like(buffer, Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void bytes(byte[] value) {
            ensure(4 + (value == null ? 0 : value.length));
            if (value == null) {
                buffer.putInt(NULL_LENGTH);
            } else {
                buffer.putInt(value.length).put(value);
            }
        }

        void string(String value) {
            bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        void time(Instant value) {
            ensure(8);
            buffer.putLong(value == null ? NULL_TIME : Micros.of(value));
        }

        void number(Double value) {
            ensure(9);
            if (value == null) {
                buffer.put((byte) 0);
            } else {
                buffer.put((byte) 1).putDouble(value);
            }
        }
    }
}
