package io.tekil.store.duckdb;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.MessageType;
import io.tekil.core.store.QuarantinedEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The binary form of one committed group (events and quarantined messages) in the ingest log. */
final class LogCodec {
    private static final int VERSION = 1;
    private static final long NULL_TIME = Long.MIN_VALUE;

    private LogCodec() {}

    record Group(List<Event> events, List<QuarantinedEvent> quarantined) {}

    static byte[] encode(List<Event> events, List<QuarantinedEvent> quarantined) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + events.size() * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(events.size());
            out.writeInt(quarantined.size());
            for (Event event : events) {
                writeString(out, event.source());
                writeString(out, event.channel().id());
                writeString(out, event.messageId());
                writeString(out, event.type().id());
                writeString(out, event.name());
                writeString(out, event.userId());
                writeString(out, event.anonymousId());
                writeString(out, event.groupId());
                writeString(out, event.previousId());
                writeTime(out, event.timestamp());
                writeTime(out, event.sentAt());
                writeTime(out, event.receivedAt());
                writeString(out, event.profileKey());
                writeString(out, event.category());
                writeDouble(out, event.price());
                writeDouble(out, event.revenue());
                writeString(out, event.currency());
                writeString(out, event.json());
            }
            for (QuarantinedEvent event : quarantined) {
                writeString(out, event.source());
                writeTime(out, event.receivedAt());
                out.writeInt(event.index());
                writeString(out, event.messageId());
                writeString(out, event.reason());
                writeString(out, event.json());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    static Group decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException(String.format("ingest log record has version %d; this Tekil reads version %d", version, VERSION));
            }
            int eventCount = in.readInt();
            int quarantineCount = in.readInt();
            List<Event> events = new ArrayList<>(eventCount);
            for (int i = 0; i < eventCount; i++) {
                events.add(new Event(
                        readString(in),
                        Channel.parse(readString(in)),
                        readString(in),
                        MessageType.fromId(readString(in)).orElseThrow(),
                        readString(in),
                        readString(in),
                        readString(in),
                        readString(in),
                        readString(in),
                        readTime(in),
                        readTime(in),
                        readTime(in),
                        readString(in),
                        readString(in),
                        readDouble(in),
                        readDouble(in),
                        readString(in),
                        readString(in)));
            }
            List<QuarantinedEvent> quarantined = new ArrayList<>(quarantineCount);
            for (int i = 0; i < quarantineCount; i++) {
                quarantined.add(new QuarantinedEvent(readString(in), readTime(in), in.readInt(), readString(in), readString(in), readString(in)));
            }
            return new Group(events, quarantined);
        } catch (IOException e) {
            throw new IllegalStateException("ingest log record is shorter than its contents say", e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeTime(DataOutputStream out, Instant value) throws IOException {
        out.writeLong(value == null ? NULL_TIME : Micros.of(value));
    }

    private static Instant readTime(DataInputStream in) throws IOException {
        long micros = in.readLong();
        return micros == NULL_TIME ? null : Micros.toInstant(micros);
    }

    private static void writeDouble(DataOutputStream out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
