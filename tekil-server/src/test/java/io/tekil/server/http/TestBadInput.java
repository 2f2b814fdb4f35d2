package io.tekil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.WithTekilServer;
import io.tekil.server.TestingTekil.Response;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, Tekil answers with a clear 4xx, keeps serving, and stores only what it accepted. */
class TestBadInput extends WithTekilServer {
    private static final String VALID_BATCH = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"m-1\",\"userId\":\"u-1\","
            + "\"event\":\"Order Completed\",\"properties\":{\"revenue\":1499.9,\"currency\":\"TRY\",\"products\":[{\"sku\":\"AYK-42\",\"name\":\"Koşu Ayakkabısı\"}]},"
            + "\"context\":{\"locale\":\"tr-TR\"},\"timestamp\":\"2026-11-21T18:45:00.000Z\"},"
            + "{\"type\":\"identify\",\"messageId\":\"m-2\",\"anonymousId\":\"a-1\",\"traits\":{\"email\":\"AYŞE.İNCE@Example.com\",\"phone\":\"0532 123 45 67\"}}],"
            + "\"sentAt\":\"2026-11-21T18:45:01.000Z\"}";

    private Response postBytes(String path, byte[] body, boolean gzipHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(tekil.uri(path))
                .header("Authorization", TestingTekil.basic(tekil.writeKey()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzipHeader) {
            request.header("Content-Encoding", "gzip");
        }
        return tekil.send(request.build());
    }

    @Test
    void oversizedEventNamesTheLimit() {
        String big = "{\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"blob\":\"" + "ş".repeat(20_000) + "\"}}";
        Response single = tekil.post("/v1/track", big);
        assertThat(single.status()).isEqualTo(400);
        assertThat(single.json().path("error").asText()).contains("32768").contains("ingest.max-event-bytes");

        Response inBatch = tekil.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"ok\"},"
                + big.replace("{\"userId\"", "{\"type\":\"track\",\"userId\"") + "]}");
        assertThat(inBatch.status()).isEqualTo(200);
        assertThat(inBatch.json().path("rejected").get(0).path("reason").asText())
                .startsWith("event too large: 40066 bytes exceeds the 32768-byte limit");
        assertThat(tekil.storedEvents()).isEqualTo(1);
    }

    @Test
    void oversizedBatchNamesTheLimit() {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 4000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Product Viewed\",\"messageId\":\"m-").append(i)
                    .append("\",\"properties\":{\"name\":\"Çocuk Bisikleti\",\"price\":1299.0}}");
        }
        Response response = tekil.post("/v1/batch", body.append("]}").toString());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText())
                .isEqualTo("request body too large: more than 512000 bytes of JSON (the limit, ingest.max-batch-bytes); send smaller batches");
        assertThat(tekil.storedEvents()).isZero();
    }

    @Test
    void gzipBombIsStoppedAtTheLimit() throws IOException {
        byte[] bomb = TestTrackingApi.gzip("{\"batch\":[" + " ".repeat(5_000_000) + "]}");
        Response response = postBytes("/v1/batch", bomb, true);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).startsWith("request body too large");
    }

    @Test
    void malformedJsonGzipThatIsNotGzipAndEmptyBodiesAreExplained() throws IOException {
        Response malformed = tekil.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",]}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("error").asText()).startsWith("malformed JSON at line 1, column ");

        Response notGzip = postBytes("/v1/batch", VALID_BATCH.getBytes(StandardCharsets.UTF_8), true);
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.json().path("error").asText()).contains("declared Content-Encoding: gzip but is not gzip data");

        byte[] truncated = TestTrackingApi.gzip(VALID_BATCH);
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length / 2);
        Response corrupt = postBytes("/v1/batch", cut, true);
        assertThat(corrupt.status()).isEqualTo(400);
        assertThat(corrupt.json().path("error").asText()).contains("gzip body is corrupt or truncated");

        Response empty = tekil.post("/v1/batch", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("error").asText()).startsWith("the request body is empty");
        assertThat(tekil.storedEvents()).isZero();
    }

    /**
     * 10,000 random and mutated payloads: every answer is a 200 or a 4xx with a JSON error, never a 5xx; the
     * server keeps serving; and the store holds exactly the events the answers said were stored.
     */
    @Test
    void tenThousandRandomAndMutatedPayloads() throws Exception {
        int requests = 10_000;
        AtomicLong storedByResponses = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                int seed = worker;
                futures.add(pool.submit(() -> {
                    Random random = new Random(20261122L + seed);
                    for (int i = seed; i < requests; i += 4) {
                        Payload payload = payload(random, i);
                        Response response;
                        try {
                            response = postBytes(payload.path(), payload.body(), payload.gzipHeader());
                        } catch (RuntimeException e) {
                            failures.add("request " + i + " failed: " + e);
                            continue;
                        }
                        if (response.status() == 200) {
                            storedByResponses.addAndGet(response.json().path("stored").asLong());
                        } else if (response.status() != 400 && response.status() != 401 && response.status() != 404) {
                            failures.add("request " + i + " got " + response);
                        } else {
                            JsonNode error = response.json().path("error");
                            if (!error.isTextual() || error.asText().length() < 10) {
                                failures.add("request " + i + " has no clear error: " + response);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(tekil.storedEvents()).isEqualTo(storedByResponses.get());
        assertThat(tekil.post("/v1/track", "{\"userId\":\"after-fuzz\",\"event\":\"Still Serving\"}").status()).isEqualTo(200);
    }

    private record Payload(String path, byte[] body, boolean gzipHeader) {}

    private static Payload payload(Random random, int i) {
        byte[] valid = VALID_BATCH.replace("m-1", "m-1-" + i).replace("m-2", "m-2-" + i).getBytes(StandardCharsets.UTF_8);
        String path = random.nextInt(10) == 0 ? "/v1/track" : "/v1/batch";
        return switch (i % 6) {
            case 0 -> {
                byte[] noise = new byte[random.nextInt(2000)];
                random.nextBytes(noise);
                yield new Payload(path, noise, random.nextBoolean());
            }
            case 1 -> new Payload(path, flipBytes(valid, random), false);
            case 2 -> new Payload(path, truncate(valid, random), false);
            case 3 -> new Payload(path, spliceJsonTokens(valid, random), false);
            case 4 -> new Payload(path, encodingTrap(valid, random), false);
            default -> new Payload(path, typeConfusion(random, i).getBytes(StandardCharsets.UTF_8), false);
        };
    }

    private static byte[] flipBytes(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    /**
     * A byte sequence JSON parsers may take but a database refuses, put inside a string of the batch: overlong
     * encodings, an encoded surrogate, a code point past U+10FFFF, a lone surrogate's escape, a byte-order mark.
     */
    private static byte[] encodingTrap(byte[] valid, Random random) {
        byte[][] traps = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\\ud83d".getBytes(StandardCharsets.US_ASCII), "\\udc00x".getBytes(StandardCharsets.US_ASCII),
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}};
        byte[] trap = traps[random.nextInt(traps.length)];
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("Order Completed") + 1 + random.nextInt("Order Completed".length() - 1); // inside the event name's string
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + trap.length + tail.length);
        System.arraycopy(trap, 0, out, head.length, trap.length);
        System.arraycopy(tail, 0, out, head.length + trap.length, tail.length);
        return out;
    }

    @Test
    void aMessageThatIsNotUtf8IsRejectedOnItsOwnAndTheRestIsStoredAndReadable() {
        String good = "{\"type\":\"track\",\"messageId\":\"ok-1\",\"userId\":\"u\",\"event\":\"Order Completed\"}";
        byte[] head = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"bad-1\",\"userId\":\"u\",\"event\":\"Order".getBytes(StandardCharsets.UTF_8);
        byte[] tail = (" Completed\"}," + good + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(head, head.length + 2 + tail.length);
        body[head.length] = (byte) 0xC0; // an overlong NUL: Jackson reads it, DuckDB refuses to store it
        body[head.length + 1] = (byte) 0x80;
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);

        Response response = postBytes("/v1/batch", body, false);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("stored").asInt()).isEqualTo(1);
        assertThat(response.json().path("rejected").get(0).path("reason").asText()).contains("not valid UTF-8");
        assertThat(tekil.admin("/api/events/ok-1").status()).as("the loader went on").isEqualTo(200);
        assertThat(tekil.storedEvents()).isEqualTo(1);
    }

    private static byte[] spliceJsonTokens(byte[] valid, Random random) {
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1e999", "\"\\u0000\"", "\\", "\"type\":", "{\"batch\":"};
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = random.nextInt(text.length());
        return (text.substring(0, at) + tokens[random.nextInt(tokens.length)] + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private static String typeConfusion(Random random, int i) {
        String[] values = {"null", "42", "-0.5", "true", "\"\"", "\"  \"", "[]", "{}", "[1,2]", "\"2026-13-45T99:99:99Z\"", "\"ğüşiöç\"", "1e400"};
        String[] fields = {"type", "messageId", "userId", "anonymousId", "event", "timestamp", "sentAt", "originalTimestamp",
            "properties", "traits", "context", "integrations", "groupId", "previousId", "name"};
        StringBuilder message = new StringBuilder("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"messageId\":\"tc-" + i + "\"");
        for (int f = 0; f < 1 + random.nextInt(3); f++) {
            message.append(",\"").append(fields[random.nextInt(fields.length)]).append("\":").append(values[random.nextInt(values.length)]);
        }
        String batchValue = random.nextInt(8) == 0 ? values[random.nextInt(values.length)] : "[" + message.append('}') + "]";
        return "{\"batch\":" + batchValue + "}";
    }

    private static byte[] truncate(byte[] valid, Random random) {
        return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
    }
}
