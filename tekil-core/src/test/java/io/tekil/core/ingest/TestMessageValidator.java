package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.MessageType;
import io.tekil.core.event.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestMessageValidator {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Source SOURCE = new Source("web-shop", Channel.WEB, "wk", RECEIVED);

    private final ObjectMapper mapper = new ObjectMapper();
    private final BatchParser parser = new BatchParser(mapper);
    private final MessageValidator validator = new MessageValidator(mapper, new IngestLimits(1024, 4096));

    private Validation validate(String message) {
        return validateBatch("{\"batch\":[" + message + "]}");
    }

    private Validation validateBatch(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ParsedBody parsed = parser.parseBatch(bytes, bytes.length);
        return validator.validate(parsed.messages().getFirst(), parsed, null, SOURCE, RECEIVED);
    }

    private Event accepted(String message) {
        Validation validation = validate(message);
        assertThat(validation).isInstanceOf(Validation.Accepted.class);
        return ((Validation.Accepted) validation).event();
    }

    private String rejected(String message) {
        Validation validation = validate(message);
        assertThat(validation).isInstanceOf(Validation.Rejected.class);
        return ((Validation.Rejected) validation).rejection().reason();
    }

    /**
     * What the validator hands to identity resolution (identifiers and traits, read from the trees it has) is what
     * the resolver would read from the stored message, batch context spliced in, on random batches.
     */
    @Test
    void theIdentifiersAndTraitsItFindsAreThoseOfTheStoredMessage() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        io.tekil.core.identity.IdentifierExtractor extractor = new io.tekil.core.identity.IdentifierExtractor(io.tekil.core.identity.IdentifierNormalizer.defaults());
        io.tekil.core.profile.TraitExtractor traits = new io.tekil.core.profile.TraitExtractor(mapper);
        MessageValidator roomy = new MessageValidator(mapper, new IngestLimits(32 * 1024, 512 * 1024));
        int withTraits = 0;
        for (int n = 0; n < 3_000; n++) {
            String batchContext = random.nextInt(4) == 0 ? "" : ",\"context\":" + randomContext(random);
            byte[] body = ("{\"batch\":[" + randomMessage(random) + "]" + batchContext + "}").getBytes(StandardCharsets.UTF_8);
            ParsedBody parsed = parser.parseBatch(body, body.length);
            if (!(roomy.validate(parsed.messages().getFirst(), parsed, null, SOURCE, RECEIVED) instanceof Validation.Accepted accepted)) {
                continue;
            }
            Event event = accepted.event();
            assertThat(accepted.identified().identifiers()).as(event.json().toString()).isEqualTo(extractor.extract(event.json().utf8(), event.type()));
            assertThat(accepted.identified().traits()).as(event.json().toString()).isEqualTo(traits.extract(event));
            withTraits += accepted.identified().traits().isEmpty() ? 0 : 1;
        }
        assertThat(withTraits).as("messages stating traits").isGreaterThan(500);
    }

    /**
     * The parser builds a batch message's tree of only what validation reads (BatchParser.READ_PROPERTIES,
     * READ_CONTEXT): on random batches, and on those batches with bytes changed, deleted or inserted, validation
     * decides exactly as with the whole tree, and a body the parser takes is one a whole-tree parse takes, unless
     * it holds invalid UTF-8 in a string the parser skipped: then validation rejects that message.
     */
    @Test
    void validationReadsNothingTheParserLeavesOutOfTheTree() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        MessageValidator roomy = new MessageValidator(mapper, new IngestLimits(32 * 1024, 512 * 1024));
        int accepted = 0;
        int rejected = 0;
        int refusedBodies = 0;
        int skippedInvalidUtf8 = 0;
        for (int n = 0; n < 4_000; n++) {
            StringBuilder batch = new StringBuilder();
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                batch.append(batch.isEmpty() ? "" : ",").append(randomFullMessage(random));
            }
            String batchContext = random.nextInt(4) == 0 ? "" : ",\"context\":" + randomContext(random);
            byte[] body = ("{\"batch\":[" + batch + "]" + batchContext + ",\"sentAt\":\"2026-11-22T09:59:59Z\"}").getBytes(StandardCharsets.UTF_8);
            if (n % 2 == 1) {
                body = mutated(body, random);
            }
            ParsedBody parsed;
            try {
                parsed = parser.parseBatch(body, body.length);
            } catch (io.tekil.core.error.TekilException refused) {
                refusedBodies++;
                continue;
            }
            try {
                mapper.readTree(body);
            } catch (java.io.IOException e) {
                boolean invalidUtf8Rejected = parsed.messages().stream().anyMatch(raw -> roomy.validate(raw, parsed, null, SOURCE, RECEIVED)
                        instanceof Validation.Rejected rejection && rejection.rejection().reason().contains("not valid UTF-8"));
                assertThat(invalidUtf8Rejected).as("the parser took a body a whole-tree parse refuses (%s) without rejecting a message in "
                        + "invalid UTF-8: %s", e.getMessage(), new String(body, StandardCharsets.UTF_8)).isTrue();
                skippedInvalidUtf8++;
            }
            for (RawMessage raw : parsed.messages()) {
                RawMessage whole;
                Validation actual = roomy.validate(raw, parsed, null, SOURCE, RECEIVED);
                try {
                    whole = new RawMessage(raw.index(), mapper.readTree(raw.json().utf8()), raw.json(), raw.bytes(), raw.contextEnd());
                } catch (java.io.IOException e) { // invalid UTF-8 in a skipped string: validation rejects the message
                    assertThat(actual).as(raw.json().toString()).isInstanceOf(Validation.Rejected.class);
                    assertThat(((Validation.Rejected) actual).rejection().reason()).contains("not valid UTF-8");
                    rejected++;
                    continue;
                }
                Validation expected = roomy.validate(whole, parsed, null, SOURCE, RECEIVED);
                assertThat(actual).as(raw.json().toString()).isEqualTo(expected);
                if (expected instanceof Validation.Accepted) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
        }
        assertThat(accepted).as("accepted messages").isGreaterThan(1_500);
        assertThat(rejected).as("rejected messages").isGreaterThan(300);
        assertThat(refusedBodies).as("refused bodies").isGreaterThan(300);
        assertThat(skippedInvalidUtf8).as("bodies with invalid UTF-8 in a skipped string").isGreaterThan(10);
    }

    /** A message with every part validation reads, in shapes it accepts and refuses, and parts it does not read. */
    private static String randomFullMessage(java.util.SplittableRandom random) {
        String[] types = {"track", "page", "screen", "identify", "group", "alias"};
        String[] values = {"\"Elektronik\"", "\"1349.90\"", "1349.9", "-0", "1e400", "null", "true", "{\"a\":1}", "[1,2]", "\"\"", "\"  \"", "\"İ\\u0130\""};
        StringBuilder json = new StringBuilder("{\"type\":\"").append(types[random.nextInt(types.length)]).append('"');
        if (random.nextInt(8) > 0) {
            json.append(",\"event\":").append(random.nextInt(6) == 0 ? values[random.nextInt(values.length)] : "\"Ürün Görüntülendi\"");
        }
        json.append(",\"name\":").append(values[random.nextInt(values.length)]);
        if (random.nextInt(6) > 0) {
            json.append(",\"messageId\":").append(random.nextInt(8) == 0 ? values[random.nextInt(values.length)] : "\"m-" + random.nextInt(1000) + "\"");
        }
        for (String id : new String[] {"userId", "anonymousId", "groupId", "previousId"}) {
            if (random.nextBoolean()) {
                json.append(",\"").append(id).append("\":").append(random.nextInt(6) == 0 ? values[random.nextInt(values.length)] : "\"x-" + random.nextInt(9) + "\"");
            }
        }
        if (random.nextInt(4) == 0) {
            json.append(",\"timestamp\":").append(random.nextBoolean() ? "\"2026-11-22T09:00:00+03:00\"" : values[random.nextInt(values.length)]);
        }
        if (random.nextInt(5) > 0) {
            json.append(",\"properties\":");
            if (random.nextInt(8) == 0) {
                json.append(values[random.nextInt(values.length)]);
            } else {
                json.append("{\"product_id\":\"SKU-1\",\"nested\":{\"price\":5,\"list\":[{\"currency\":\"EUR\"}]}");
                for (String field : new String[] {"category", "price", "revenue", "total", "currency", "name", "price"}) {
                    if (random.nextInt(3) == 0) {
                        json.append(",\"").append(field).append("\":").append(values[random.nextInt(values.length)]);
                    }
                }
                json.append('}');
            }
        }
        if (random.nextInt(3) == 0) {
            json.append(",\"traits\":").append(randomTraits(random));
        }
        if (random.nextInt(3) > 0) {
            json.append(",\"context\":").append(random.nextInt(10) == 0 ? values[random.nextInt(values.length)]
                    : randomContext(random).replace("{\"library\"", "{\"page\":{\"url\":\"https://magaza.example.com.tr/\",\"traits\":{\"email\":\"x@y.tr\"}},\"library\""));
        }
        if (random.nextInt(3) == 0) {
            json.append(",\"integrations\":").append(random.nextBoolean() ? "{\"All\":false,\"Mixpanel\":{\"x\":[1]}}" : values[random.nextInt(values.length)]);
        }
        if (random.nextInt(20) == 0) {
            json.append(",\"writeKey\":\"wk\"");
        }
        return json.append('}').toString();
    }

    /**
     * {@code body} with a few bytes changed, deleted or inserted (JSON punctuation more often than not), or now and
     * then an encoded surrogate (ED A0 80), invalid UTF-8 that Jackson refuses only in strings it decodes.
     */
    private static byte[] mutated(byte[] body, java.util.SplittableRandom random) {
        byte[] punctuation = "{}[]:,\"\\ 0e-.nt".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = body.clone();
        if (random.nextInt(4) == 0) {
            int at = random.nextInt(bytes.length);
            byte[] longer = new byte[bytes.length + 3];
            System.arraycopy(bytes, 0, longer, 0, at);
            longer[at] = (byte) 0xED;
            longer[at + 1] = (byte) 0xA0;
            longer[at + 2] = (byte) 0x80;
            System.arraycopy(bytes, at, longer, at + 3, bytes.length - at);
            return longer;
        }
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            int at = random.nextInt(bytes.length);
            byte b = random.nextBoolean() ? punctuation[random.nextInt(punctuation.length)] : (byte) random.nextInt(256);
            bytes = switch (random.nextInt(3)) {
                case 0 -> { bytes[at] = b; yield bytes; }
                case 1 -> { byte[] shorter = new byte[bytes.length - 1]; System.arraycopy(bytes, 0, shorter, 0, at); System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1); yield shorter; }
                default -> { byte[] longer = new byte[bytes.length + 1]; System.arraycopy(bytes, 0, longer, 0, at); longer[at] = b; System.arraycopy(bytes, at, longer, at + 1, bytes.length - at); yield longer; }
            };
        }
        return bytes;
    }

    private static final String[] CONTACT_VALUES = {"\"AYŞE.İNCE@Example.com\"", "\"0532 123 45 67\"", "null", "\"test@test.com\"", "42", "\"\""};

    private static String randomMessage(java.util.SplittableRandom random) {
        StringBuilder json = new StringBuilder("{\"type\":\"").append(random.nextBoolean() ? "identify" : "track")
                .append("\",\"event\":\"Ürün Görüntülendi\",\"messageId\":\"m-").append(random.nextInt()).append('"');
        json.append(random.nextBoolean() ? ",\"userId\":\"u-" + random.nextInt(9) + "\"" : ",\"anonymousId\":\"c-" + random.nextInt(9) + "\"");
        if (random.nextBoolean()) { // now and then with the name escaped, which the tree reads as traits
            json.append(random.nextInt(4) == 0 ? ",\"tr\\u0061its\":" : ",\"traits\":").append(randomTraits(random));
        }
        if (random.nextInt(3) > 0) {
            json.append(",\"context\":").append(randomContext(random));
        }
        return json.append('}').toString();
    }

    private static String randomContext(java.util.SplittableRandom random) {
        StringBuilder json = new StringBuilder("{\"library\":{\"name\":\"analytics-java\"}");
        if (random.nextBoolean()) {
            json.append(",\"traits\":").append(random.nextInt(5) == 0 ? "\"not an object\"" : randomTraits(random));
        }
        if (random.nextBoolean()) {
            json.append(",\"device\":{\"id\":\"d-").append(random.nextInt(5)).append("\"}");
        }
        if (random.nextBoolean()) {
            json.append(",\"externalIds\":[{\"id\":\"C-").append(random.nextInt(5)).append("\",\"type\":\"crm_id\"}]");
        }
        return json.append('}').toString();
    }

    private static String randomTraits(java.util.SplittableRandom random) {
        return "{\"email\":" + CONTACT_VALUES[random.nextInt(CONTACT_VALUES.length)] + ",\"phone\":" + CONTACT_VALUES[random.nextInt(CONTACT_VALUES.length)]
                + ",\"city\":\"İzmir\"" + (random.nextBoolean() ? ",\"firstName\":null" : ",\" \":1") + "}";
    }

    @Test
    void trackPromotesIdentifiersTimeAndCommerceProperties() {
        String message = "{\"type\":\"track\",\"messageId\":\"m-1\",\"userId\":\"u-1\",\"anonymousId\":\"a-1\","
                + "\"event\":\"Order Completed\",\"timestamp\":\"2026-11-22T12:30:00+03:00\","
                + "\"properties\":{\"category\":\"Anne & Bebek\",\"price\":\"149.90\",\"total\":299.8,\"currency\":\"TRY\"}}";
        Event event = accepted(message);
        assertThat(event.source()).isEqualTo("web-shop");
        assertThat(event.channel()).isEqualTo(Channel.WEB);
        assertThat(event.messageId()).isEqualTo("m-1");
        assertThat(event.type()).isEqualTo(MessageType.TRACK);
        assertThat(event.name()).isEqualTo("Order Completed");
        assertThat(event.userId()).isEqualTo("u-1");
        assertThat(event.anonymousId()).isEqualTo("a-1");
        assertThat(event.profileKey()).isEqualTo("user_id:u-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-22T09:30:00Z"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.category()).isEqualTo("Anne & Bebek");
        assertThat(event.price()).isEqualTo(149.90);
        assertThat(event.revenue()).isEqualTo(299.8);
        assertThat(event.currency()).isEqualTo("TRY");
        assertThat(event.json()).hasToString(message);
    }

    @Test
    void everyTypeHasItsRules() {
        assertThat(rejected("{\"type\":\"track\",\"event\":\"x\"}")).contains("neither 'userId' nor 'anonymousId'");
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\"}")).contains("needs a non-empty 'event'");
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"  \"}")).contains("needs a non-empty 'event'");
        assertThat(rejected("{\"type\":\"group\",\"userId\":\"u\"}")).contains("needs 'groupId'");
        assertThat(rejected("{\"type\":\"alias\",\"userId\":\"u\"}")).contains("'previousId'");
        assertThat(rejected("{\"type\":\"alias\",\"previousId\":\"p\",\"anonymousId\":\"a\"}")).contains("needs 'userId'");
        assertThat(rejected("{\"userId\":\"u\"}")).contains("missing 'type'");
        assertThat(rejected("{\"type\":\"purchase\",\"userId\":\"u\"}")).contains("unknown type \"purchase\"");
        assertThat(rejected("42")).isEqualTo("a message must be a JSON object, found the number 42");
        assertThat(rejected("{\"type\":\"identify\",\"userId\":{\"id\":1}}")).contains("'userId' must be a string or a number");
        assertThat(rejected("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":[1]}")).contains("'traits' must be a JSON object");
        assertThat(rejected("{\"type\":\"page\",\"userId\":\"u\",\"properties\":\"x\"}")).contains("'properties' must be a JSON object");

        assertThat(accepted("{\"type\":\"identify\",\"userId\":42,\"traits\":{\"ad\":\"Işıl\"}}").userId()).isEqualTo("42");
        assertThat(accepted("{\"type\":\"page\",\"anonymousId\":\"a\",\"name\":\"Ana Sayfa\"}").name()).isEqualTo("Ana Sayfa");
        assertThat(accepted("{\"type\":\"screen\",\"anonymousId\":\"a\",\"properties\":{\"name\":\"Sepet\"}}").name()).isEqualTo("Sepet");
        Event group = accepted("{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g\"}");
        assertThat(group.groupId()).isEqualTo("g");
        Event alias = accepted("{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"p\"}");
        assertThat(alias.previousId()).isEqualTo("p");
        assertThat(alias.profileKey()).isEqualTo("user_id:u");
        assertThat(accepted("{\"type\":\"TRACK\",\"anonymousId\":\"a\",\"event\":\"x\"}").profileKey()).isEqualTo("anonymous_id:a");
    }

    @Test
    void theProfileKeyIsTheStrongestLinkableIdentifier() {
        assertThat(accepted("{\"type\":\"track\",\"event\":\"x\",\"anonymousId\":\"c-1\","
                + "\"context\":{\"traits\":{\"email\":\" AYŞE.İNCE@Example.com\"}}}").profileKey()).isEqualTo("email:ayşe.ince@example.com");
        assertThat(accepted("{\"type\":\"identify\",\"anonymousId\":\"c-1\",\"traits\":{\"phone\":\"0532 123 45 67\"}}").profileKey())
                .isEqualTo("phone:+905321234567");
        // a blocked user id never links, so the cookie speaks for the event
        assertThat(accepted("{\"type\":\"page\",\"userId\":\"null\",\"anonymousId\":\"c-2\"}").profileKey()).isEqualTo("anonymous_id:c-2");
        // nothing linkable: a provisional key that no profile has
        assertThat(accepted("{\"type\":\"page\",\"userId\":\"undefined\"}").profileKey()).isEqualTo("user:undefined");
    }

    @Test
    void offlineRecordsMayCarryOnlyExternalIds() {
        Event store = accepted("{\"type\":\"track\",\"event\":\"Order Completed\",\"context\":{\"externalIds\":"
                + "[{\"id\":\" \",\"type\":\"phone\"},{\"id\":\"L0000012345\",\"type\":\"loyalty_id\",\"collection\":\"users\"}]}}");
        assertThat(store.userId()).isNull();
        assertThat(store.profileKey()).isEqualTo("loyalty_id:L0000012345");
        assertThat(accepted("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"context\":{\"externalIds\":"
                + "[{\"id\":\"L1\",\"type\":\"loyalty_id\"}]}}").profileKey()).isEqualTo("user_id:u");
        assertThat(rejected("{\"type\":\"track\",\"event\":\"x\",\"context\":{\"externalIds\":[{\"id\":\"L1\"}]}}"))
                .contains("nor an entry in 'context.externalIds'");
    }

    @Test
    void blankIdentifiersCountAsMissing() {
        assertThat(rejected("{\"type\":\"track\",\"userId\":\" \",\"anonymousId\":\"\",\"event\":\"x\"}"))
                .contains("neither 'userId' nor 'anonymousId'");
    }

    @Test
    void badTimestampsAreNamedWithAnExample() {
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"dün\"}"))
                .isEqualTo("bad timestamp in 'timestamp': \"dün\" is not an ISO-8601 date-time between 1900 and 2999, "
                        + "such as \"2026-11-22T10:15:30.000Z\"");
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"sentAt\":1700000000}"))
                .contains("bad timestamp in 'sentAt'").contains("the number 1700000000");
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"originalTimestamp\":\"0001-01-01T00:00:00Z\"}"))
                .contains("'originalTimestamp'");
    }

    @Test
    void acceptsTheTimestampShapesSdksSend() {
        assertThat(accepted("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"2026-11-22T07:00:00.123Z\"}").timestamp())
                .isEqualTo(Instant.parse("2026-11-22T07:00:00.123Z"));
        assertThat(accepted("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"2026-11-22T10:00:00.123+0300\"}").timestamp())
                .isEqualTo(Instant.parse("2026-11-22T07:00:00.123Z"));
        assertThat(accepted("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"2026-11-22T07:00:00\"}").timestamp())
                .isEqualTo(Instant.parse("2026-11-22T07:00:00Z"));
    }

    @Test
    void eventTimeCorrectsClientClockSkew() {
        // The device clock is 2 hours fast: it says it made the event at 11:59 and sent it at 12:00.
        Event event = accepted("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\","
                + "\"originalTimestamp\":\"2026-11-22T11:59:00Z\",\"sentAt\":\"2026-11-22T12:00:00Z\"}");
        assertThat(event.timestamp()).isEqualTo(RECEIVED.minusSeconds(60));
        assertThat(event.sentAt()).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(accepted("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\"}").timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void batchSentAtAndContextApplyToMessagesWithoutTheirOwn() {
        Validation validation = validateBatch("{\"sentAt\":\"2026-11-22T09:59:00Z\",\"context\":{\"library\":{\"name\":\"analytics-java\"},\"ip\":\"1.2.3.4\"},"
                + "\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"context\":{\"ip\":\"5.6.7.8\"}}]}");
        Event event = ((Validation.Accepted) validation).event();
        assertThat(event.sentAt()).isEqualTo(Instant.parse("2026-11-22T09:59:00Z"));
        assertThat(event.json().toString()).contains("\"ip\":\"5.6.7.8\"").contains("\"library\":{\"name\":\"analytics-java\"}");
    }

    @Test
    void writeKeyIsNotStoredInTheEvent() {
        byte[] body = "{\"writeKey\":\"secret\",\"userId\":\"u\",\"event\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        ParsedBody parsed = parser.parseSingle(body, body.length);
        Event event = ((Validation.Accepted) validator.validate(parsed.messages().getFirst(), parsed, MessageType.TRACK, SOURCE, RECEIVED)).event();
        assertThat(event.json().toString()).doesNotContain("secret").contains("\"event\":\"x\"");
    }

    @Test
    void numbersNoDoubleHoldsAreNotPromoted() {
        Event event = accepted("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"price\":1e400,\"revenue\":-1e999}}");
        assertThat(event.price()).isNull();
        assertThat(event.revenue()).isNull();
        assertThat(event.json().toString()).contains("\"price\":1e400");
    }

    /**
     * Leaving the write key out, or an explicit null context for the batch's, keeps every other byte the client
     * sent: numbers keep their digits (re-serializing the tree wrote 1.10 as 1.1 and 1e400 as the string
     * "Infinity"), and a repeated key goes wherever it appears.
     */
    @Test
    void leavingFieldsOutKeepsTheOtherBytes() {
        byte[] body = "{ \"writeKey\" : \"secret\", \"userId\":\"u\",\"event\":\"x\",\"properties\":{\"price\":1.10,\"huge\":1e400},\"writeKey\":7,\"n\":2}"
                .getBytes(StandardCharsets.UTF_8);
        ParsedBody single = parser.parseSingle(body, body.length);
        Event event = ((Validation.Accepted) validator.validate(single.messages().getFirst(), single, MessageType.TRACK, SOURCE, RECEIVED)).event();
        assertThat(event.json().toString()).isEqualTo("{\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"price\":1.10,\"huge\":1e400},\"n\":2}");
        assertThat(event.price()).isEqualTo(1.10);

        Event merged = ((Validation.Accepted) validateBatch("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"context\":{\"a\":1},"
                + "\"properties\":{\"total\":2.50},\"context\":null}],\"context\":{\"ip\":\"1.2.3.4\"}}")).event();
        assertThat(merged.json().toString()).isEqualTo(
                "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"total\":2.50},\"context\":{\"ip\":\"1.2.3.4\"}}");
        assertThat(merged.revenue()).isEqualTo(2.5);
    }

    @Test
    void endpointTypeMustMatchDeclaredType() {
        byte[] body = "{\"type\":\"identify\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);
        ParsedBody parsed = parser.parseSingle(body, body.length);
        Validation validation = validator.validate(parsed.messages().getFirst(), parsed, MessageType.TRACK, SOURCE, RECEIVED);
        assertThat(((Validation.Rejected) validation).rejection().reason())
                .isEqualTo("type 'identify' does not match the endpoint /v1/track; post it to /v1/identify or /v1/batch");
    }

    @Test
    void oversizedEventNamesTheLimit() {
        String big = "x".repeat(2000);
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"p\":\"" + big + "\"}}"))
                .startsWith("event too large: 2063 bytes exceeds the 1024-byte limit");
    }

    @Test
    void missingMessageIdIsDerivedFromTheBytesSoRetriesMatch() {
        String message = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\"}";
        String first = accepted(message).messageId();
        assertThat(first).startsWith("tekil-").hasSize(6 + 32);
        assertThat(accepted(message).messageId()).isEqualTo(first);
        assertThat(accepted(message.replace("\"x\"", "\"y\"")).messageId()).isNotEqualTo(first);
        assertThat(rejected("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"messageId\":\" \"}")).contains("'messageId' is empty");
    }

    @Test
    void rejectionKeepsTheMessageIdAndTheRawMessage() {
        Validation validation = validate("{\"type\":\"track\",\"messageId\":\"m-9\"}");
        Rejection rejection = ((Validation.Rejected) validation).rejection();
        assertThat(rejection.messageId()).isEqualTo("m-9");
        assertThat(rejection.index()).isZero();
        assertThat(rejection.json()).isEqualTo("{\"type\":\"track\",\"messageId\":\"m-9\"}");
    }
}
