package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.MessageType;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming extractor finds exactly what the tree extractor finds, on random messages full of traps. */
class TestIdentifierExtraction {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] VALUES = {"\"u-1\"", "\"c-9\"", "42", "4.5", "true", "null", "\"AYŞE@Gmail.com\"", "\" ali@x.com \"",
            "\"0532 123 45 67\"", "\"+90 (532) 123-4567\"", "\"null\"", "\"0\"", "[\"u-2\"]", "{\"id\":\"d\"}", "\"crm_id\"", "\"Loyalty_ID\"",
            "\"1bad\"", "\"\""};

    private final IdentifierExtractor extractor = new IdentifierExtractor(IdentifierNormalizer.defaults());

    @Test
    void streamingAndTreeExtractionAgree() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 5_000; n++) {
            String message = message(random);
            JsonNode tree = JSON.readTree(message);
            for (MessageType type : new MessageType[] {MessageType.TRACK, MessageType.IDENTIFY}) {
                assertThat(extractor.extract(message.getBytes(StandardCharsets.UTF_8), type)).as("%s as %s", message, type)
                        .isEqualTo(extractor.extract(tree, type));
            }
        }
    }

    private static String message(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(1, 9);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            switch (random.nextInt(7)) {
                case 0 -> json.append("\"userId\":").append(value(random));
                case 1 -> json.append("\"anonymousId\":").append(value(random));
                case 2 -> json.append("\"traits\":").append(random.nextInt(4) == 0 ? value(random) : contact(random));
                case 3 -> json.append("\"context\":").append(random.nextInt(5) == 0 ? value(random) : context(random));
                case 4 -> json.append("\"properties\":{\"email\":\"p@x.com\",\"nested\":{\"userId\":\"no\"}}");
                case 5 -> json.append("\"type\":\"identify\"");
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
                json.append(',');
            }
            switch (random.nextInt(5)) {
                case 0 -> json.append("\"device\":").append(random.nextInt(4) == 0 ? value(random) : "{\"model\":\"x\",\"id\":" + value(random) + "}");
                case 1 -> json.append("\"traits\":").append(random.nextInt(4) == 0 ? value(random) : contact(random));
                case 2 -> json.append("\"externalIds\":").append(externalIds(random));
                case 3 -> json.append("\"library\":{\"name\":\"analytics-java\",\"traits\":{\"email\":\"no@x.com\"}}");
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
                json.append(',');
            }
            if (object) {
                json.append("\"k").append(i).append("\":");
            }
            json.append(random.nextInt(5) == 0 ? value(random) : "{\"id\":" + value(random) + ",\"type\":" + value(random) + ",\"collection\":\"users\"}");
        }
        return json.append(object ? "}" : "]").toString();
    }

    private static String value(SplittableRandom random) {
        return VALUES[random.nextInt(VALUES.length)];
    }
}
