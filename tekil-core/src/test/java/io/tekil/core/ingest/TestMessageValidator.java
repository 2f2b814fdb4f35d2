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
