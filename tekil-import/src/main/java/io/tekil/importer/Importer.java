package io.tekil.importer;

import io.tekil.core.collect.LongSet;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.Source;
import io.tekil.core.ingest.BatchParser;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.ingest.MessageKey;
import io.tekil.core.ingest.MessageValidator;
import io.tekil.core.ingest.ParsedBody;
import io.tekil.core.ingest.RawMessage;
import io.tekil.core.ingest.Validation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Streams one file into the event store: reads records, maps them to messages, validates them with the same rules
 * as the tracking API, and submits them in chunks to an {@link EventSink}, keeping a few chunks in flight so that
 * reading overlaps storing. Memory stays constant whatever the file size: one chunk per flight slot, one group of
 * rows, and 8 bytes per group key seen (to catch a group whose rows are not consecutive).
 *
 * <p>Every record ends up counted once: in a message that was imported or already present, or rejected to
 * {@code rejects} with its line and reason. A submission refused because the writer's queue is full is retried
 * with back-off; the de-duplication of ingestion makes a retry safe.
 */
public final class Importer {
    static final int CHUNK_EVENTS = 5_000;
    private static final int MAX_IN_FLIGHT = 4;
    private static final Duration RETRY_FOR = Duration.ofMinutes(2);

    private final ObjectMapper mapper;
    private final IngestLimits limits;
    private final BatchParser parser;
    private final MessageValidator validator;
    private final EventSink sink;
    private final Clock clock;

    public Importer(ObjectMapper mapper, IngestLimits limits, EventSink sink, Clock clock) {
        this(mapper, limits, new MessageValidator(mapper, limits), sink, clock);
    }

    /** @param validator checks each built message as the tracking API would (and gives its profile key under the configured identity rules) */
    public Importer(ObjectMapper mapper, IngestLimits limits, MessageValidator validator, EventSink sink, Clock clock) {
        this.mapper = mapper;
        this.limits = limits;
        this.parser = new BatchParser(mapper);
        this.validator = validator;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Imports {@code in} (not closed here) into {@code source}.
     *
     * @param fileName for messages only
     * @throws TekilException of category user error when the file as a whole cannot be read with the mapping
     *     (a header without the mapped columns), or unavailable when storage keeps failing; what was submitted
     *     before stays stored, and importing the file again completes it without duplicates
     */
    public ImportResult run(Source source, Mapping mapping, String fileName, InputStream in, ImportProgress progress,
            Consumer<Reject> rejects) throws IOException {
        long started = System.nanoTime();
        Run run = new Run(source, progress, rejects);
        InputStream counted = new CountingStream(in, progress);
        progress.start();
        try {
            if (mapping.format() == ImportFormat.SEGMENT_NDJSON) {
                run.segmentLines(new LineReader(counted, limits.maxEventBytes()));
            } else {
                try (RowReader rows = mapping.format() == ImportFormat.CSV
                        ? new CsvRowReader(counted, mapping, fileName)
                        : new JsonRowReader(counted, mapper, mapping.file().encoding(), limits.maxEventBytes())) {
                    run.rows(rows, mapping);
                }
            }
        } catch (IOException | RuntimeException e) {
            // what was read before the failure is still stored, so a corrected file re-imports only the rest
            try {
                run.finish();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            progress.stop();
            throw e;
        }
        run.finish();
        progress.stop();
        ImportProgress.Snapshot done = progress.snapshot();
        return new ImportResult(done.rowsRead(), done.messages(), done.imported(), done.duplicates(), done.rejected(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The state of one import. */
    private final class Run {
        private final Source source;
        private final ImportProgress progress;
        private final Consumer<Reject> rejects;
        private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        private List<IdentifiedEvent> chunk = new ArrayList<>(CHUNK_EVENTS);
        private Instant receivedAt;

        Run(Source source, ImportProgress progress, Consumer<Reject> rejects) {
            this.source = source;
            this.progress = progress;
            this.rejects = rejects;
            this.receivedAt = clock.instant();
        }

        void segmentLines(LineReader lines) throws IOException {
            while (lines.next()) {
                if (lines.isBlank()) {
                    continue;
                }
                progress.rowsRead.incrementAndGet();
                long line = lines.lineNumber();
                if (lines.truncated()) {
                    reject(line, String.format("the line is longer than the %d-byte event limit (ingest.max-event-bytes)",
                            limits.maxEventBytes()), new String(lines.bytes(), 0, Math.min(200, lines.length()), StandardCharsets.UTF_8) + "...");
                    continue;
                }
                ParsedBody parsed;
                try {
                    parsed = parser.parseSingle(lines.bytes(), lines.length()); // keeps its own copy of the message
                } catch (TekilException e) {
                    reject(line, e.getMessage(), new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
                    continue;
                }
                validate(parsed.messages().getFirst(), parsed, line);
            }
        }

        void rows(RowReader reader, Mapping mapping) throws IOException {
            MessageBuilder builder = new MessageBuilder(mapping, source.name());
            String by = mapping.group() == null ? null : mapping.group().by();
            List<MessageBuilder.MappedRow> group = new ArrayList<>();
            String groupKey = null;
            String groupFailure = null; // why the current group is rejected as a whole, or null
            LongSet closedGroups = new LongSet();
            Row row;
            while ((row = reader.next()) != null) {
                progress.rowsRead.incrementAndGet();
                String key = by == null || row.problem() != null ? null : row.value(by);
                if (groupKey != null && key != null && !key.equals(groupKey)) {
                    closedGroups.add(groupHash(groupKey));
                    if (groupFailure == null) {
                        message(builder, group);
                    }
                    group.clear();
                    groupKey = null;
                    groupFailure = null;
                }
                if (key != null && groupKey == null && closedGroups.contains(groupHash(key))) {
                    reject(row.line(), String.format(
                            "column '%s' value '%s' appeared in earlier rows that already made a message; the rows of one %s must be consecutive (sort the file by %s)",
                            by, key, by, by), row.text());
                    continue;
                }
                MessageBuilder.MappedRow mapped;
                try {
                    mapped = builder.map(row);
                } catch (RowException e) {
                    reject(row.line(), e.getMessage(), row.text());
                    if (key != null) {
                        // a group is one message (an order with its lines): store it whole or not at all
                        groupKey = key;
                        groupFailure = String.format("%s '%s' is rejected as a whole because its line %d was rejected", by, key, row.line());
                        for (MessageBuilder.MappedRow earlier : group) {
                            reject(earlier.line(), groupFailure, earlier.text());
                        }
                        group.clear();
                    }
                    continue;
                }
                if (key == null) {
                    message(builder, List.of(mapped));
                } else if (groupFailure != null) {
                    reject(row.line(), groupFailure, row.text());
                } else {
                    groupKey = key;
                    group.add(mapped);
                }
            }
            if (!group.isEmpty() && groupFailure == null) {
                message(builder, group);
            }
        }

        private long groupHash(String key) {
            MessageKey hash = MessageKey.hash(key.getBytes(StandardCharsets.UTF_8));
            return hash.high() ^ hash.low() * 31;
        }

        private void message(MessageBuilder builder, List<MessageBuilder.MappedRow> rows) {
            ObjectNode message = builder.message(rows);
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(message);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("serializing a built message failed", e);
            }
            RawMessage raw = new RawMessage(0, message, new JsonText(bytes), bytes.length, -1);
            Validation validation = validator.validate(raw, new ParsedBody(null, null, null, List.of(raw)), null, source, receivedAt);
            switch (validation) {
                case Validation.Accepted accepted -> add(accepted.identified());
                case Validation.Rejected rejected -> rows.forEach(row -> reject(row.line(), rejected.rejection().reason(), row.text()));
            }
        }

        private void validate(RawMessage raw, ParsedBody parsed, long line) {
            switch (validator.validate(raw, parsed, null, source, receivedAt)) {
                case Validation.Accepted accepted -> add(accepted.identified());
                case Validation.Rejected rejected -> reject(line, rejected.rejection().reason(), raw.json().toString());
            }
        }

        private void add(IdentifiedEvent event) {
            progress.messages.incrementAndGet();
            chunk.add(event);
            if (chunk.size() >= CHUNK_EVENTS) {
                flush();
            }
        }

        private void reject(long line, String reason, String text) {
            progress.rejected.incrementAndGet();
            rejects.accept(new Reject(line, reason, text));
        }

        private void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            List<IdentifiedEvent> events = chunk;
            chunk = new ArrayList<>(CHUNK_EVENTS);
            receivedAt = clock.instant();
            inFlight.add(new Pending(events, sink.submit(events)));
            while (inFlight.size() > MAX_IN_FLIGHT) {
                complete(inFlight.poll());
            }
        }

        void finish() {
            flush();
            while (!inFlight.isEmpty()) {
                complete(inFlight.poll());
            }
        }

        private void complete(Pending pending) {
            long deadline = System.nanoTime() + RETRY_FOR.toNanos();
            CompletableFuture<EventSink.Stored> future = pending.future();
            for (int attempt = 1; ; attempt++) {
                try {
                    EventSink.Stored stored = future.get();
                    progress.imported.addAndGet(stored.stored());
                    progress.duplicates.addAndGet(stored.duplicates());
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TekilException tekil) || tekil.category() != ErrorCategory.UNAVAILABLE
                            || System.nanoTime() > deadline) {
                        throw e.getCause() instanceof TekilException tekil ? tekil
                                : TekilException.unavailable("storing imported events failed: " + e.getCause(), e.getCause());
                    }
                    sleep(Math.min(2_000, 50L * attempt));
                    future = sink.submit(pending.events());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw TekilException.unavailable("import interrupted; import the file again to complete it (nothing is duplicated)", e);
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TekilException.unavailable("import interrupted; import the file again to complete it (nothing is duplicated)", e);
            }
        }
    }

    private record Pending(List<IdentifiedEvent> events, CompletableFuture<EventSink.Stored> future) {}

    /** Counts bytes read into the progress, for the percentage and the ETA. */
    private static final class CountingStream extends FilterInputStream {
        private final ImportProgress progress;

        CountingStream(InputStream in, ImportProgress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.bytesRead.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                progress.bytesRead.addAndGet(n);
            }
            return n;
        }
    }
}
