package io.tekil.server.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.server.TestingTekil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several senders posting batches of new track events to {@code /v1/batch} as fast as the server takes them,
 * keeping apart the batches answered 200 (acknowledged: the server promised they are durable) from those that
 * got another answer or none. A sender stops at its first failed connection, after {@code maxBatchesPerSender}
 * batches, or when closed, so the load always ends by itself.
 *
 * <p>Event {@code n} (counting from 0 across all senders) has messageId {@code load-n} and event time
 * {@code eventTimeBase + n ms}, so a range of event time selects a known range of events.
 */
final class BatchLoad implements AutoCloseable {
    /** One batch as sent: its body and the messageIds in it. */
    record Batch(List<String> messageIds, String body) {}

    private final ObjectMapper mapper;
    private final HttpClient http;
    private final URI batchUri;
    private final String writeKey;
    private final int batchSize;
    private final int maxBatchesPerSender;
    private final Instant eventTimeBase;
    private final AtomicLong nextEvent = new AtomicLong();
    private final List<Batch> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Batch> unacknowledged = new CopyOnWriteArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private final CountDownLatch stopped;
    private volatile boolean closing;

    BatchLoad(ObjectMapper mapper, HttpClient http, URI batchUri, String writeKey, int senders, int batchSize,
            int maxBatchesPerSender, Instant eventTimeBase) {
        this.mapper = mapper;
        this.http = http;
        this.batchUri = batchUri;
        this.writeKey = writeKey;
        this.batchSize = batchSize;
        this.maxBatchesPerSender = maxBatchesPerSender;
        this.eventTimeBase = eventTimeBase;
        this.stopped = new CountDownLatch(senders);
        for (int i = 0; i < senders; i++) {
            this.senders.add(Thread.ofPlatform().name("batch-load-" + i).daemon().unstarted(this::send));
        }
    }

    void start() {
        senders.forEach(Thread::start);
    }

    private void send() {
        try {
            for (int sent = 0; sent < maxBatchesPerSender && !closing; sent++) {
                Batch batch = nextBatch();
                if (!post(batch)) {
                    return;
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Sends one batch and files it; false when the connection failed, or on interruption. */
    private boolean post(Batch batch) {
        HttpRequest request = HttpRequest.newBuilder(batchUri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestingTekil.basic(writeKey))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.body(), StandardCharsets.UTF_8))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status == 200 ? acknowledged : unacknowledged).add(batch);
            return true;
        } catch (IOException e) {
            unacknowledged.add(batch);
            return false;
        } catch (InterruptedException e) {
            unacknowledged.add(batch);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Batch nextBatch() {
        long first = nextEvent.getAndAdd(batchSize);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode messages = body.putArray("batch");
        List<String> ids = new ArrayList<>(batchSize);
        for (long n = first; n < first + batchSize; n++) {
            String id = messageId(n);
            ids.add(id);
            ObjectNode message = messages.addObject()
                    .put("type", "track")
                    .put("messageId", id)
                    .put("userId", "u-" + (n % 997))
                    .put("event", "Order Completed")
                    .put("timestamp", eventTimeBase.plusMillis(n).toString());
            message.putObject("properties")
                    .put("order_id", "o-" + n)
                    .put("revenue", 149.90 + n % 100)
                    .put("currency", "TRY")
                    .put("city", "İzmir");
        }
        return new Batch(List.copyOf(ids), body.toString());
    }

    static String messageId(long n) {
        return "load-" + n;
    }

    /** Waits until at least {@code batches} batches were acknowledged; fails when the senders stop first or time runs out. */
    void awaitAcknowledged(int batches, Duration timeout) {
        TestingTekil.await(timeout, batches + " acknowledged batches", () -> {
            if (stopped.getCount() == 0 && acknowledged.size() < batches) {
                throw new AssertionError("the senders stopped after " + acknowledged.size() + " acknowledged batches");
            }
            return acknowledged.size() >= batches;
        });
    }

    /** Waits for every sender to stop, which they do at their first failed connection. */
    void awaitStopped(Duration timeout) throws InterruptedException {
        if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the senders did not stop within " + timeout);
        }
    }

    /** How many events were put into batches, sent or not; they are {@code load-0} to {@code load-(n-1)}. */
    long events() {
        return nextEvent.get();
    }

    List<Batch> acknowledged() {
        return List.copyOf(acknowledged);
    }

    List<Batch> unacknowledged() {
        return List.copyOf(unacknowledged);
    }

    @Override
    public void close() {
        closing = true;
        try {
            for (Thread sender : senders) {
                sender.join(TimeUnit.SECONDS.toMillis(60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
