package io.tekil.core.ingest;

import static io.tekil.core.testing.RandomJson.pick;
import static io.tekil.core.testing.RandomJson.whitespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads a body into exactly what Jackson reads (write key, sent-at, batch context, and each message's
 * tree, bytes and context offset), or leaves it to Jackson; it never accepts a body Jackson refuses. Random bodies
 * full of traps (numbers at the int and long limits, fractions, exponents, leading zeros, escapes of every kind,
 * lone surrogates, control characters, Turkish and four-byte UTF-8, repeated fields, whitespace anywhere), and the
 * same bodies with bytes deleted or overwritten; and bodies past the scanner's and Jackson's limits.
 */
class TestBatchScanner {
    private static final String[] SCALARS = {"\"u-1\"", "\"Sipariş Tamamlandı\"", "\"AYŞE.İNCE@Example.com\"", "\"a\\\"b\"", "\"\\u00e7ay\"",
        "\"\\ud83d\\ude00\"", "\"\\ud800x\"", "\"tab\\there\"", "\"\\/\\b\\f\\n\\r\\\\\"", "\"\"", "\"raw\ttab\"", "\"\\x\"", "\"\\u12\"",
        "0", "-0", "12", "-7", "1.5", "-0.0", "1299.90", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "123456789012345678", "-123456789012345678", "1234567890123456789", "12345678901234567890123", "1e3", "1E-2", "2.5e+10",
        "00", "01", "1.", ".5", "-", "+1", "0.1234567890123456789", "true", "false", "null", "tru", "nul", "falsey",
        "[]", "[1,\"a\",null]", "[1,]", "{}", "{\"a\":{\"b\":[true,{\"c\":1}]}}", "{\"a\":1,\"a\":2}", "{\"a\" 1}", "[[[[[[[[[[1]]]]]]]]]]"};
    /** What real SDKs send: the scanner reads bodies of only these itself. */
    private static final String[] CLEAN = {"\"u-1\"", "\"Sipariş Tamamlandı\"", "\"çay 😀 ☕\"", "\"a\\\"b\"", "\"\\u00e7ay\"", "\"\"", "0", "-0", "12", "-7",
        "1.5", "-0.0", "1299.90", "2147483647", "2147483648", "-2147483649", "123456789012345678", "true", "false", "null", "[]",
        "[1,\"a\",null]", "{}", "{\"a\":{\"b\":[true,{\"c\":1}]}}", "{\"a\":1,\"a\":2}"};
    private static final String[] MESSAGE_FIELDS = {"type", "event", "userId", "anonymousId", "messageId", "timestamp", "sentAt",
        "originalTimestamp", "name", "groupId", "previousId", "writeKey", "properties", "context", "integrations", "traits", "extra",
        "çağrı", "a\\u0062c", "context", "Context", "propertiez", "integrationz"};
    private static final String[] CLEAN_FIELDS = {"type", "event", "userId", "properties", "context", "integrations", "traits", "çağrı",
        "emoji😀"};
    // with near misses of the names read: the same length and the same first, middle and last byte ("prixe"), or one byte off
    private static final String[] PROPERTY_FIELDS = {"category", "price", "revenue", "total", "currency", "name", "products", "sku",
        "price", "prixe", "categorx", "Category", "totaL"};
    private static final String[] CONTEXT_FIELDS = {"traits", "device", "externalIds", "library", "page", "ip", "userAgent", "traits",
        "devise", "traitz"};

    /** The values bodies are made of: with traps, or clean. */
    private static String[] scalars = SCALARS;
    private final ObjectMapper mapper = new ObjectMapper();
    private final BatchParser parser = new BatchParser(mapper);

    @Test
    void readsWhatJacksonReadsOrLeavesItToJackson() {
        SplittableRandom random = new SplittableRandom(23);
        int scanned = 0;
        int refused = 0;
        for (int n = 0; n < 20_000; n++) {
            scalars = n % 2 == 0 ? SCALARS : CLEAN;
            String text = body(random);
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            if (n % 3 == 0) {
                body = mutated(body, random);
            }
            ParsedBody jackson;
            try {
                jackson = parser.parseWithJackson(body, body.length);
            } catch (TekilException e) {
                byte[] refusedBody = body;
                assertThatThrownBy(() -> BatchScanner.read(refusedBody, refusedBody.length))
                        .as("a body Jackson refuses: %s", new String(body, StandardCharsets.UTF_8))
                        .isInstanceOf(StrictJsonReader.Unsupported.class);
                assertThatThrownBy(() -> parser.parseBatch(refusedBody, refusedBody.length)).isInstanceOf(TekilException.class)
                        .hasMessage(e.getMessage());
                refused++;
                continue;
            }
            try {
                BatchScanner.read(body, body.length);
                assertThat(Utf8.firstInvalid(body)).as("a body the scanner reads is UTF-8: %s", new String(body, StandardCharsets.UTF_8))
                        .isEqualTo(-1);
                scanned++;
            } catch (StrictJsonReader.Unsupported e) {
                // Jackson reads it
            }
            assertSame(parser.parseBatch(body, body.length), jackson, new String(body, StandardCharsets.UTF_8));
        }
        assertThat(scanned).as("bodies the scanner read").isGreaterThan(6_000);
        assertThat(refused).as("bodies Jackson refused").isGreaterThan(6_000);
    }

    @Test
    void leavesToJacksonEveryBodyWithInvalidUtf8InAString() {
        String[] invalid = {"\\xC0\\x80", "\\xED\\xA0\\x80", "\\xF4\\x90\\x80\\x80", "\\xF5\\x80\\x80\\x80", "\\x80", "\\xC3", "\\xE2\\x82",
            "\\xF0\\x9F\\x98", "\\xE0\\x80\\xAF", "\\xFF"};
        String[] places = {
            "{\"batch\":[{\"type\":\"track\",\"event\":\"%s\"}]}", // a string the tree keeps
            "{\"batch\":[{\"type\":\"track\",\"properties\":{\"note\":\"ab%scd\"}}]}", // a skipped string
            "{\"batch\":[{\"type\":\"track\",\"properties\":{\"n%s\":1}}]}", // a skipped name
            "{\"batch\":[{\"type\":\"track\",\"t%s\":1}]}", // a name the tree keeps
            "{\"batch\":[{\"type\":\"track\",\"context\":{\"ip\":\"%s\\n\"}}]}", // before an escape
            "{\"batch\":[{\"type\":\"track\",\"event\":\"a\\\"%s\"}]}", // after an escape
            "{\"batch\":[],\"writeKey\":\"wk_%s\"}", // the body's own field
            "{\"batch\":[],\"sequence\":\"01234567%s89abcdef\"}", // a word of its own, eight bytes in
            "{\"batch\":[{\"type\":\"track\",\"event\":\"\\xC3\\xA7ay\",\"userId\":\"u%s\"}]}", // after a valid string that is not ASCII
        };
        for (String place : places) {
            for (String sequence : invalid) {
                byte[] body = latin1(String.format(place, sequence));
                assertThat(Utf8.firstInvalid(body)).isGreaterThanOrEqualTo(0);
                assertThatThrownBy(() -> BatchScanner.read(body, body.length)).as(place + " with " + sequence)
                        .isInstanceOf(StrictJsonReader.Unsupported.class);
            }
            byte[] valid = latin1(String.format(place, "\\xC3\\xA7\\xE2\\x98\\x95\\xF0\\x9F\\x98\\x80")); // ç ☕ 😀
            assertThat(BatchScanner.read(valid, valid.length)).as(place).isNotNull();
        }
    }

    /** The text's {@code \xNN} as raw bytes, the rest as ASCII. */
    private static byte[] latin1(String text) {
        String bytes = java.util.regex.Pattern.compile("\\\\x([0-9A-F]{2})").matcher(text)
                .replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
        return bytes.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsTheLoadHarnessesShapeOfBodyItself() {
        String message = "{\"type\":\"track\",\"event\":\"Product Viewed\",\"messageId\":\"5b0e0a5c-1d0c-4a57-9d2b-8b3f2f8c9a11\","
                + "\"anonymousId\":\"5e6d0000-4000-0001-8000-000000001eef\",\"userId\":\"musteri-100001\",\"timestamp\":\"2026-11-22T10:15:30.123Z\","
                + "\"properties\":{\"product_id\":\"P-1\",\"name\":\"Çay Bardağı\",\"category\":\"Mutfak\",\"price\":149.9,\"quantity\":2,"
                + "\"currency\":\"TRY\",\"position\":7},\"context\":{\"page\":{\"path\":\"/urun/cay\",\"url\":\"https://x.com.tr/urun/cay\"},"
                + "\"ip\":\"85.105.1.2\",\"locale\":\"tr-TR\"},\"integrations\":{}}";
        byte[] body = ("{\"batch\":[" + message + "," + message + "],\"sentAt\":\"2026-11-22T10:15:31Z\","
                + "\"context\":{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.4\"}},\"sequence\":12}").getBytes(StandardCharsets.UTF_8);
        BatchScanner.Body read = BatchScanner.read(body, body.length);
        assertThat(read.messages()).hasSize(2);
        assertSame(parser.parseBatch(body, body.length), parser.parseWithJackson(body, body.length), new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void leavesToJacksonWhatItsLimitsRefuseOrWhatNestsDeep() {
        String longName = "a".repeat(StrictJsonReader.MAX_NAME_BYTES + 1);
        for (String text : new String[] {"{\"batch\":[],\"" + longName + "\":1}", "{\"batch\":[],\"context\":{\"" + longName + "\":1}}",
                "{\"batch\":[{\"type\":\"track\",\"properties\":{\"" + longName + "\":1}}]}"}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> BatchScanner.read(body, body.length)).isInstanceOf(StrictJsonReader.Unsupported.class);
            assertThatThrownBy(() -> parser.parseBatch(body, body.length)).as("Jackson's limit on a name's length")
                    .isInstanceOf(TekilException.class).hasMessageContaining("malformed JSON");
        }
        byte[] longString = ("{\"batch\":[{\"type\":\"track\",\"properties\":{\"note\":\"" + "a".repeat(StrictJsonReader.MAX_STRING_CHARS + 1)
                + "\"}}]}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BatchScanner.read(longString, longString.length)).isInstanceOf(StrictJsonReader.Unsupported.class);
        try {
            ParsedBody jackson = parser.parseWithJackson(longString, longString.length); // Jackson skips it without counting
            assertSame(parser.parseBatch(longString, longString.length), jackson, "a string past Jackson's length limit");
        } catch (TekilException e) {
            assertThatThrownBy(() -> parser.parseBatch(longString, longString.length)).hasMessage(e.getMessage());
        }
        String deep = "[".repeat(StrictJsonReader.MAX_DEPTH + 5) + "]".repeat(StrictJsonReader.MAX_DEPTH + 5);
        byte[] body = ("{\"batch\":[{\"type\":\"track\",\"traits\":" + deep + "}]}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BatchScanner.read(body, body.length)).isInstanceOf(StrictJsonReader.Unsupported.class);
        assertSame(parser.parseBatch(body, body.length), parser.parseWithJackson(body, body.length), "deep nesting");
    }

    private static void assertSame(ParsedBody actual, ParsedBody expected, String body) {
        assertThat(actual.writeKey()).as(body).isEqualTo(expected.writeKey());
        assertThat(actual.batchSentAt()).as(body).isEqualTo(expected.batchSentAt());
        assertThat(actual.batchContext() == null).as(body).isEqualTo(expected.batchContext() == null);
        if (expected.batchContext() != null) {
            assertThat(actual.batchContext().node().toString()).as(body).isEqualTo(expected.batchContext().node().toString());
        }
        assertThat(actual.messages()).as(body).hasSameSizeAs(expected.messages());
        for (int i = 0; i < expected.messages().size(); i++) {
            RawMessage a = actual.messages().get(i);
            RawMessage e = expected.messages().get(i);
            assertThat(a.index()).isEqualTo(e.index());
            assertThat(a.node()).as("message %d of %s", i, body).isEqualTo(e.node());
            assertThat(a.node().toString()).as("the fields' order, message %d of %s", i, body).isEqualTo(e.node().toString());
            assertThat(a.json().utf8()).as("message %d of %s", i, body).isEqualTo(e.json().utf8());
            assertThat(a.bytes()).isEqualTo(e.bytes());
            assertThat(a.contextEnd()).as("message %d of %s", i, body).isEqualTo(e.contextEnd());
            if (expected.batchContext() != null && e.node() instanceof ObjectNode node
                    && (node.get("context") == null || node.get("context").isObject())) { // what the validator merges into
                assertThat(actual.batchContext().mergeInto(a.json(), (ObjectNode) a.node(), a.contextEnd()).toString()).as("message %d of %s", i, body)
                        .isEqualTo(expected.batchContext().mergeInto(e.json(), node, e.contextEnd()).toString());
            }
        }
    }

    private static String body(SplittableRandom random) {
        StringBuilder json = new StringBuilder(whitespace(random)).append('{');
        int fields = random.nextInt(4);
        boolean batch = false;
        for (int i = 0; i < fields || !batch; i++) {
            if (i > 0) {
                json.append(',').append(whitespace(random));
            }
            switch (random.nextInt(5)) {
                case 0 -> json.append("\"writeKey\":").append(random.nextInt(3) == 0 ? pick(random, scalars) : "\"wk_1\"");
                case 1 -> json.append("\"sentAt\"").append(whitespace(random)).append(':').append(random.nextInt(3) == 0 ? pick(random, scalars) : "\"2026-11-22T10:00:00Z\"");
                case 2 -> json.append("\"context\":").append(random.nextInt(4) == 0 ? pick(random, scalars) : object(random, CONTEXT_FIELDS, 2));
                case 3 -> json.append("\"sequence\":").append(pick(random, scalars));
                default -> {
                    json.append("\"batch\":").append(whitespace(random)).append('[');
                    int messages = random.nextInt(4);
                    for (int m = 0; m < messages; m++) {
                        json.append(m > 0 ? "," : "").append(whitespace(random)).append(random.nextInt(30) == 0 ? pick(random, scalars) : message(random));
                    }
                    json.append(whitespace(random)).append(']');
                    batch = true;
                }
            }
        }
        return json.append(whitespace(random)).append('}').append(whitespace(random)).toString();
    }

    private static String message(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(9);
        for (int i = 0; i < fields; i++) {
            json.append(i > 0 ? "," : "").append(whitespace(random));
            String name = pick(random, scalars == CLEAN ? CLEAN_FIELDS : MESSAGE_FIELDS);
            json.append('"').append(name).append('"').append(whitespace(random)).append(':').append(whitespace(random));
            switch (name) {
                case "properties" -> json.append(random.nextInt(6) == 0 ? pick(random, scalars) : object(random, PROPERTY_FIELDS, 2));
                case "context" -> json.append(random.nextInt(6) == 0 ? pick(random, scalars) : object(random, CONTEXT_FIELDS, 2));
                case "integrations", "traits" -> json.append(random.nextInt(4) == 0 ? pick(random, scalars) : object(random, CONTEXT_FIELDS, 2));
                default -> json.append(pick(random, scalars));
            }
        }
        return json.append(whitespace(random)).append('}').toString();
    }

    private static String object(SplittableRandom random, String[] names, int depth) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            json.append(i > 0 ? "," : "").append(whitespace(random)).append('"').append(pick(random, names)).append("\":").append(whitespace(random));
            json.append(depth < 4 && random.nextInt(4) == 0 ? object(random, names, depth + 1) : pick(random, scalars));
        }
        return json.append(whitespace(random)).append('}').toString();
    }

    /** The body with a few bytes deleted, repeated or replaced by a JSON-significant byte. */
    private static byte[] mutated(byte[] body, SplittableRandom random) {
        byte[] copy = body.clone();
        int length = copy.length;
        for (int k = 1 + random.nextInt(3); k > 0 && length > 1; k--) {
            int at = random.nextInt(length);
            switch (random.nextInt(3)) {
                case 0 -> {
                    System.arraycopy(copy, at + 1, copy, at, length - at - 1);
                    length--;
                }
                case 1 -> copy[at] = random.nextBoolean() ? copy[random.nextInt(length)] : (byte) (0x80 + random.nextInt(0x80));
                default -> {
                    String significant = "{}[],:\"\\ 0e-.tn\u0001";
                    copy[at] = (byte) significant.charAt(random.nextInt(significant.length()));
                }
            }
        }
        return java.util.Arrays.copyOf(copy, length);
    }
}
