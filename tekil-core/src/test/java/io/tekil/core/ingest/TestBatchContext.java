package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Splicing the batch context into message bytes gives exactly what merging the parsed trees gives. */
class TestBatchContext {
    private final ObjectMapper mapper = new ObjectMapper();

    /** The batch context of a body that sends {@code json} as its top-level context, as the batch parser reads it. */
    private BatchContext context(String json) {
        byte[] body = ("{\"batch\":[],\"context\":" + json + "}").getBytes(StandardCharsets.UTF_8);
        return new BatchParser(mapper).parseBatch(body, body.length).batchContext();
    }

    /** Parses the message as the batch parser does and splices the context in. */
    private JsonText merge(BatchContext context, String message) {
        byte[] body = ("{\"batch\":[" + message + "]}").getBytes(StandardCharsets.UTF_8);
        RawMessage raw = new BatchParser(mapper).parseBatch(body, body.length).messages().getFirst();
        return context.mergeInto(raw.json(), (ObjectNode) raw.node(), raw.contextEnd());
    }

    private JsonNode spliced(BatchContext context, String message) throws Exception {
        return mapper.readTree(merge(context, message).utf8());
    }

    /** The reference: the merge done on trees, own fields winning. */
    private JsonNode treeMerged(BatchContext context, String message) throws Exception {
        ObjectNode parsed = (ObjectNode) mapper.readTree(message);
        JsonNode own = parsed.get("context");
        if (own == null) {
            parsed.set("context", context.node().deepCopy());
        } else {
            for (Map.Entry<String, JsonNode> field : context.node().properties()) {
                if (!own.has(field.getKey())) {
                    ((ObjectNode) own).set(field.getKey(), field.getValue().deepCopy());
                }
            }
        }
        return parsed;
    }

    @Test
    void addsAWholeContextWhenTheMessageHasNone() throws Exception {
        BatchContext context = context("{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.4\"},\"instanceId\":\"i-1\"}");
        String message = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Sipariş Tamamlandı\"}";
        assertThat(spliced(context, message)).isEqualTo(treeMerged(context, message));
        assertThat(merge(context, message).toString())
                .startsWith("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Sipariş Tamamlandı\",\"context\":{\"library\"");
    }

    @Test
    void addsOnlyMissingFieldsAndTheMessageWins() throws Exception {
        BatchContext context = context("{\"library\":{\"name\":\"analytics-java\"},\"ip\":\"1.2.3.4\",\"locale\":\"tr-TR\"}");
        String message = "{ \"type\" : \"track\", \"context\" : { \"ip\" : \"5.6.7.8\" , \"page\":{\"url\":\"https://x\"} } , \"userId\":\"u\" }";
        JsonNode merged = spliced(context, message);
        assertThat(merged).isEqualTo(treeMerged(context, message));
        assertThat(merged.path("context").path("ip").asText()).isEqualTo("5.6.7.8");
        assertThat(merged.path("context").path("library").path("name").asText()).isEqualTo("analytics-java");
    }

    /**
     * The batch fields go into messages as the body has them: numbers keep their digits (a re-serialized tree
     * wrote 1.10 as 1.1 and 1e400 as the string "Infinity"), names their escapes; a repeated field keeps the
     * place of its first and the value of its last, and a lone surrogate is repaired, as in the tree.
     */
    @Test
    void splicesEachBatchFieldAsTheBodyHasIt() throws Exception {
        BatchContext context = context("{ \"price\" : 1.10 ,\"huge\":1e400,\"l\\u0069brary\":{\"name\":\"analytics-java\"},\"n\":null,"
                + "\"list\":[1, 2.50],\"ip\":\"1.2.3.4\",\"ok\":true,\"ip\":\"5.6.7.8\",\"cut\":\"ab\\ud83d\"}");
        String message = "{\"type\":\"track\",\"context\":{\"locale\":\"tr-TR\"}}";
        assertThat(merge(context, message).toString()).isEqualTo("{\"type\":\"track\",\"context\":{\"locale\":\"tr-TR\","
                + "\"price\" : 1.10,\"huge\":1e400,\"l\\u0069brary\":{\"name\":\"analytics-java\"},\"n\":null,\"list\":[1, 2.50],"
                + "\"ip\":\"5.6.7.8\",\"ok\":true,\"cut\":\"ab\\ufffd\"}}");
        assertThat(spliced(context, message)).isEqualTo(treeMerged(context, message));
        assertThat(context.node().path("cut").asText()).isEqualTo("ab\ufffd");
        assertThat(context("{}")).isNull();
    }

    /**
     * Jackson decodes some invalid UTF-8 (an overlong NUL, C0 80) without complaint; such a batch field is spliced
     * as its tree writes it, so no message gets bytes DuckDB would refuse.
     */
    @Test
    void aBatchFieldInInvalidUtf8IsSplicedAsItsTreeWritesIt() throws Exception {
        byte[] overlong = {(byte) 0xC0, (byte) 0x80};
        for (String json : new String[] {"{\"x\":\"a\u0001\",\"ip\":\"1.2.3.4\"}", "{\"x\u0001\":\"a\",\"ip\":\"1.2.3.4\"}"}) {
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes("{\"batch\":[],\"context\":".getBytes(StandardCharsets.UTF_8));
            for (byte b : text) {
                if (b == 1) {
                    body.writeBytes(overlong);
                } else {
                    body.write(b);
                }
            }
            body.write('}');
            byte[] bytes = body.toByteArray();
            BatchContext context = new BatchParser(mapper).parseBatch(bytes, bytes.length).batchContext();
            String message = "{\"type\":\"track\",\"context\":{\"locale\":\"tr-TR\"}}";
            JsonText merged = merge(context, message);
            assertThat(Utf8.firstInvalid(merged.utf8())).as(merged.toString()).isNegative();
            assertThat(spliced(context, message)).isEqualTo(treeMerged(context, message));
            assertThat(merged.toString()).contains("\"ip\":\"1.2.3.4\"");
        }
    }

    @Test
    void leavesTheBytesAloneWhenNothingIsMissing() throws Exception {
        BatchContext context = context("{\"ip\":\"1.2.3.4\"}");
        String message = "{\"type\":\"track\",\"context\":{\"ip\":\"5.6.7.8\"}}";
        assertThat(merge(context, message)).hasToString(message);
    }

    @Test
    void emptyContextAndTheLastOfDuplicateContextsLikeTheTree() throws Exception {
        BatchContext context = context("{\"ip\":\"1.2.3.4\",\"locale\":\"tr-TR\"}");
        for (String message : new String[] {
            "{\"type\":\"track\",\"context\":{}}",
            "{\"context\":{\"a\":1},\"type\":\"track\",\"context\":{\"ip\":\"9.9.9.9\"}}",
            "{\"context\":{\"nested\":{\"context\":{\"x\":1}}},\"userId\":\"u\"}",
            "{\"properties\":{\"context\":{\"y\":2}},\"context\":{\"locale\":\"en-US\"}}",
        }) {
            assertThat(spliced(context, message)).as(message).isEqualTo(treeMerged(context, message));
        }
    }

    @Test
    void randomMessagesAgreeWithTheTreeMerge() throws Exception {
        Random random = new Random(20261122);
        String[] keys = {"ip", "locale", "library", "page", "userAgent", "timezone", "ş", "İl"};
        String[] values = {"\"x\"", "1", "null", "true", "{\"a\":[1,{\"b\":\"ç\"}]}", "[]", "\"\\u0131\""};
        for (int round = 0; round < 2000; round++) {
            BatchContext context = context(randomObject(random, keys, values, 1 + random.nextInt(4)));
            StringBuilder message = new StringBuilder("{\"type\":\"track\"");
            if (random.nextInt(3) > 0) {
                message.append(random.nextBoolean() ? " , " : ",").append("\"context\":").append(randomObject(random, keys, values, random.nextInt(4)));
            }
            message.append(",\"userId\":\"u-").append(round).append("\"}");
            String text = message.toString();
            assertThat(spliced(context, text)).as(text).isEqualTo(treeMerged(context, text));
        }
    }

    private static String randomObject(Random random, String[] keys, String[] values, int size) {
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            object.append(i == 0 ? "" : random.nextBoolean() ? ", " : ",")
                    .append('"').append(keys[random.nextInt(keys.length)]).append("\":")
                    .append(values[random.nextInt(values.length)]);
        }
        return object.append('}').toString();
    }

    @Test
    void bytesStayUtf8() throws Exception {
        BatchContext context = context("{\"şehir\":\"İzmir\"}");
        JsonText merged = merge(context, "{\"userId\":\"ı\"}");
        assertThat(new String(merged.utf8(), StandardCharsets.UTF_8)).isEqualTo("{\"userId\":\"ı\",\"context\":{\"şehir\":\"İzmir\"}}");
    }
}
