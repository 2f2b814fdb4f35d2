package io.tekil.core.identity;

import static io.tekil.core.testing.RandomJson.whitespace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.MessageType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The extractor that reads bytes (with {@code JsonScanner}, and the tree where the scanner gives up) finds exactly
 * what the tree extractor finds, on random messages full of traps: repeated fields, wrong types, escapes in names
 * and values, numbers of every shape, brackets and quotes inside skipped strings, whitespace anywhere.
 */
class TestIdentifierExtraction {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] VALUES = {"\"u-1\"", "\"c-9\"", "42", "4.5", "true", "null", "\"AYŞE@Gmail.com\"", "\" ali@x.com \"",
            "\"0532 123 45 67\"", "\"+90 (532) 123-4567\"", "\"null\"", "\"0\"", "[\"u-2\"]", "{\"id\":\"d\"}", "\"crm_id\"", "\"Loyalty_ID\"",
            "\"1bad\"", "\"\"", "\"a\\\"b@x.com\"", "\"\\u0041li@x.com\"", "-7", "-0", "1e3", "2.0", "123456789012345678901234567890",
            "\"ali@x.com\\n\"", "[]", "{}", "false", "1E5", "1e-2", "-12.0", "-12"};

    private final IdentifierExtractor extractor = new IdentifierExtractor(IdentifierNormalizer.defaults());

    @Test
    void bytesAndTreeExtractionAgree() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 5_000; n++) {
            String message = random.nextBoolean() ? message(random) : sprinkled(message(random), random);
            JsonNode tree = JSON.readTree(message);
            boolean byteOrderMark = random.nextInt(20) == 0; // allowed before JSON; the tree reads past it
            for (MessageType type : new MessageType[] {MessageType.TRACK, MessageType.IDENTIFY}) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                if (byteOrderMark) {
                    bytes = java.nio.ByteBuffer.allocate(bytes.length + 3).put(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).put(bytes).array();
                    assertThat(extractor.extract(bytes, type)).as("%s as %s after a byte-order mark", message, type).isEqualTo(extractor.extract(tree, type));
                    continue;
                }
                assertThat(extractor.extract(bytes, type)).as("%s as %s", message, type).isEqualTo(extractor.extract(tree, type));
                if (message.indexOf('\\') < 0) { // without escapes the scanner reads the message itself, without the tree
                    assertThat(extractor.scanned(bytes, type)).as("%s as %s", message, type).contains(extractor.extract(tree, type));
                    scannedAlone++;
                }
            }
        }
        assertThat(scannedAlone).as("messages the scanner read alone").isGreaterThan(2_000);
    }

    private int scannedAlone;

    /**
     * Reading a message with its batch's context beside it finds what reading the merged message finds (the merge
     * done on trees here; {@code TestBatchContext} shows the bytes the validator splices parse to that tree).
     */
    @Test
    void aBatchContextBesideTheMessageCountsAsMergedUnderIt() throws Exception {
        SplittableRandom random = new SplittableRandom(13);
        int fromBatch = 0;
        for (int n = 0; n < 5_000; n++) {
            com.fasterxml.jackson.databind.node.ObjectNode message = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(message(random));
            JsonNode own = message.get("context");
            if (own != null && !own.isObject()) {
                continue; // the validator refuses a context that is not an object (or handles a null one through the tree)
            }
            JsonNode batch = JSON.readTree(context(random));
            com.fasterxml.jackson.databind.node.ObjectNode merged = message.deepCopy();
            com.fasterxml.jackson.databind.node.ObjectNode context = own == null ? merged.putObject("context") : (com.fasterxml.jackson.databind.node.ObjectNode) merged.get("context");
            batch.properties().forEach(field -> {
                if (!context.has(field.getKey())) {
                    context.set(field.getKey(), field.getValue().deepCopy());
                }
            });
            for (MessageType type : new MessageType[] {MessageType.TRACK, MessageType.IDENTIFY}) {
                List<Identifier> expected = extractor.extract(merged, type);
                assertThat(extractor.extract(message, type, batch)).as("%s with batch context %s as %s", message, batch, type).isEqualTo(expected);
                if (!expected.equals(extractor.extract(message, type))) {
                    fromBatch++;
                }
            }
        }
        assertThat(fromBatch).as("messages whose identifiers the batch context changed").isGreaterThan(500);
    }

    @Test
    void aRepeatedNameInExternalIdsKeepsItsFirstPlaceAndLastValue() throws Exception {
        for (String message : List.of(
                "{\"context\":{\"externalIds\":{\"a\":{\"id\":\"x1\",\"type\":\"crm_id\"},\"a\":{\"id\":\"y1\",\"type\":\"crm_id\"}}}}",
                "{\"context\":{\"externalIds\":{\"a\":{\"id\":\"x1\",\"type\":\"crm_id\"},\"a\":1}}}",
                "{\"context\":{\"externalIds\":{\"a\":{\"id\":\"x1\",\"type\":\"crm_id\"},\"b\":{\"id\":\"z1\",\"type\":\"loyalty_id\"},"
                        + "\"a\":{\"id\":\"y1\",\"type\":\"crm_id\"}}}}")) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            assertThat(extractor.scanned(bytes, MessageType.TRACK)).as(message).contains(extractor.extract(JSON.readTree(message), MessageType.TRACK));
        }
        assertThat(extractor.extract("{\"context\":{\"externalIds\":{\"a\":{\"id\":\"x1\",\"type\":\"crm_id\"},\"b\":{\"id\":\"z1\",\"type\":\"loyalty_id\"},\"a\":{\"id\":\"y1\",\"type\":\"crm_id\"}}}}"
                .getBytes(StandardCharsets.UTF_8), MessageType.TRACK).stream().map(Identifier::key).toList()).containsExactly("crm_id:y1", "loyalty_id:z1");
    }

    @Test
    void aMessageCutShortIsNotAnObject() {
        SplittableRandom random = new SplittableRandom(12);
        for (int n = 0; n < 2_000; n++) {
            byte[] message = message(random).getBytes(StandardCharsets.UTF_8);
            byte[] cut = java.util.Arrays.copyOf(message, random.nextInt(message.length - 1));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> extractor.extract(cut, MessageType.IDENTIFY))
                    .as(new String(cut, StandardCharsets.UTF_8)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The same JSON with random whitespace around every brace, bracket, colon and comma outside strings. */
    private static String sprinkled(String json, SplittableRandom random) {
        StringBuilder out = new StringBuilder(json.length() * 2);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if ("{}[]:,".indexOf(c) >= 0) {
                out.append(whitespace(random)).append(c).append(whitespace(random));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String message(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(1, 9);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(whitespace(random)).append(',').append(whitespace(random));
            }
            switch (random.nextInt(7)) {
                case 0 -> json.append("\"userId\":").append(value(random));
                case 1 -> json.append("\"anonymousId\":").append(value(random));
                case 2 -> json.append("\"traits\":").append(random.nextInt(4) == 0 ? value(random) : contact(random));
                case 3 -> json.append("\"context\":").append(random.nextInt(5) == 0 ? value(random) : context(random));
                case 4 -> json.append("\"properties\"").append(whitespace(random)).append(':').append(whitespace(random))
                        .append("{\"email\":\"p@x.com\",\"nested\":{\"userId\":\"no\"},\"tricky\":")
                        .append(switch (random.nextInt(3)) {
                            case 0 -> "\"}]\\\"{[,\""; // an escaped quote
                            case 1 -> "\"}]{[,\\\\\""; // ends with an escaped backslash
                            default -> "\"}]{[,\""; // brackets only, no escape: the scanner alone reads the message
                        }).append(",\"list\":[1,{\"a\":[]},\"]\",-2.5e3,true]}");
                case 5 -> json.append(random.nextBoolean() ? "\"type\":\"identify\"" : "\"user\\u0049d\":" + value(random)); // an escaped name: userId
                default -> json.append("\"event\":\"Ürün Görüntülendi\"");
            }
        }
        return json.append('}').toString();
    }

    private static String context(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(0, 6);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(whitespace(random)).append(',').append(whitespace(random));
            }
            switch (random.nextInt(6)) {
                case 0 -> json.append("\"device\":").append(random.nextInt(4) == 0 ? value(random) : "{\"model\":\"x\",\"id\":" + value(random) + "}");
                case 1 -> json.append("\"traits\":").append(random.nextInt(4) == 0 ? value(random) : contact(random));
                case 2 -> json.append("\"externalIds\":").append(externalIds(random));
                case 3 -> json.append("\"library\":{\"name\":\"analytics-java\",\"traits\":{\"email\":\"no@x.com\"}}");
                case 4 -> json.append(switch (random.nextInt(3)) { // escaped names inside the context: traits, device.id
                    case 0 -> "\"tr\\u0061its\":" + contact(random);
                    case 1 -> "\"device\":{\"i\\u0064\":" + value(random) + "}";
                    default -> "\"externalIds\":[{\"id\":" + value(random) + ",\"typ\\u0065\":" + value(random) + "}]";
                });
                default -> json.append("\"locale\":\"tr-TR\"");
            }
        }
        return json.append('}').toString();
    }

    private static String contact(SplittableRandom random) {
        return "{\"firstName\":\"Işıl\",\"email\":" + value(random) + ",\"phone\":" + value(random)
                + (random.nextBoolean() ? ",\"email\":" + value(random) : "") + "}";
    }

    private static String externalIds(SplittableRandom random) {
        boolean object = random.nextInt(4) == 0;
        StringBuilder json = new StringBuilder(object ? "{" : "[");
        int entries = random.nextInt(0, 4);
        for (int i = 0; i < entries; i++) {
            if (i > 0) {
                json.append(whitespace(random)).append(',').append(whitespace(random));
            }
            if (object) {
                json.append("\"k").append(random.nextInt(2)).append("\":"); // names repeat: the last value counts, in the first one's place
            }
            json.append(random.nextInt(5) == 0 ? value(random) : "{\"id\":" + value(random) + ",\"type\":" + value(random) + ",\"collection\":\"users\"}");
        }
        return json.append(object ? "}" : "]").toString();
    }

    private static String value(SplittableRandom random) {
        return VALUES[random.nextInt(VALUES.length)];
    }
}
