package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestBatchParser {
    private final BatchParser parser = new BatchParser(new ObjectMapper());

    private ParsedBody batch(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return parser.parseBatch(bytes, bytes.length);
    }

    @Test
    void keepsEachMessageExactlyAsSentWithItsByteSize() {
        String first = "{\"type\":\"track\",  \"event\":\"Ürün Görüntülendi\", \"userId\":\"u-1\"}";
        String second = "{\"type\":\"identify\",\"anonymousId\":\"a\"}";
        ParsedBody parsed = batch("{\"sentAt\":\"2026-11-22T10:00:00Z\",\"batch\":[ " + first + " ,\n" + second
                + "],\"writeKey\":\"wk\",\"context\":{\"library\":{\"name\":\"analytics-java\"}}}");

        assertThat(parsed.writeKey()).isEqualTo("wk");
        assertThat(parsed.batchSentAt()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(parsed.batchContext().node().path("library").path("name").asText()).isEqualTo("analytics-java");
        assertThat(parsed.messages()).extracting(m -> m.json().toString()).containsExactly(first, second);
        assertThat(parsed.messages().getFirst().bytes()).isEqualTo(first.getBytes(StandardCharsets.UTF_8).length);
        assertThat(parsed.messages()).extracting(RawMessage::index).containsExactly(0, 1);
    }

    @Test
    void nonObjectElementsAreKeptForTheValidatorToReject() {
        ParsedBody parsed = batch("{\"batch\":[1,\"x\",null,[2]]}");
        assertThat(parsed.messages()).extracting(m -> m.json().toString()).containsExactly("1", "\"x\"", "null", "[2]");
    }

    @Test
    void unknownTopLevelFieldsAndNonStringWriteKeyAreIgnored() {
        ParsedBody parsed = batch("{\"sequence\":7,\"writeKey\":{\"a\":1},\"extra\":[1,{\"b\":2}],\"batch\":[]}");
        assertThat(parsed.writeKey()).isNull();
        assertThat(parsed.messages()).isEmpty();
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> batch("{\"batch\":[{\"type\":\"track\",}]}"))
                .isInstanceOfSatisfying(TekilException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR))
                .hasMessageStartingWith("malformed JSON at line 1, column ")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void bodyWithoutBatchArrayIsExplained() {
        assertThatThrownBy(() -> batch("{\"type\":\"track\"}")).hasMessageContaining("no 'batch' array");
        assertThatThrownBy(() -> batch("{\"batch\":{}}")).hasMessageContaining("'batch' must be a JSON array");
        assertThatThrownBy(() -> batch("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> batch("{\"batch\":[]} {}")).hasMessageContaining("unexpected content after the end");
        assertThatThrownBy(() -> batch("")).isInstanceOf(TekilException.class);
    }

    @Test
    void singleBodyIsTheMessage() {
        String body = "{\"userId\":\"u\",\"event\":\"x\",\"writeKey\":\"wk\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ParsedBody parsed = parser.parseSingle(bytes, bytes.length);
        assertThat(parsed.writeKey()).isEqualTo("wk");
        assertThat(parsed.messages()).singleElement().satisfies(m -> {
            assertThat(m.json()).hasToString(body);
            assertThat(m.bytes()).isEqualTo(bytes.length);
        });
        assertThatThrownBy(() -> parser.parseSingle(new byte[] {'[', ']'}, 2)).hasMessageContaining("one JSON object");
    }

    @Test
    void aSingleBodyIsKeptWithoutByteOrderMarkOrSurroundingWhitespace() {
        String message = "{\"userId\":\"u\",\"event\":\"Sepete Eklendi\"}";
        for (String body : new String[] {"\uFEFF" + message, " \r\n" + message + "\n", "\uFEFF\t" + message + " "}) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ParsedBody parsed = parser.parseSingle(bytes, bytes.length);
            assertThat(parsed.messages()).singleElement().satisfies(m -> {
                assertThat(m.json()).hasToString(message);
                assertThat(m.bytes()).isEqualTo(message.getBytes(StandardCharsets.UTF_8).length);
            });
        }
    }

    @Test
    void aLoneSurrogateInTheBatchContextIsRepairedToo() {
        ParsedBody parsed = batch("{\"batch\":[{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\"}],\"context\":{\"page\":{\"title\":\"Elbise \\ud83d\"}}}");
        assertThat(parsed.batchContext().node().path("page").path("title").asText()).isEqualTo("Elbise \uFFFD");
    }

    @Test
    void bodiesInUtf16OrUtf32AreRefusedWithTheReason() {
        String message = "{\"userId\":\"u\",\"event\":\"x\"}";
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                java.nio.charset.Charset.forName("UTF-32BE")}) {
            byte[] bytes = message.getBytes(charset);
            assertThatThrownBy(() -> parser.parseSingle(bytes, bytes.length)).as(charset.name())
                    .isInstanceOfSatisfying(TekilException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR))
                    .hasMessageContaining("not UTF-8");
            byte[] batch = ("{\"batch\":[" + message + "]}").getBytes(charset);
            assertThatThrownBy(() -> parser.parseBatch(batch, batch.length)).as(charset.name()).hasMessageContaining("not UTF-8");
        }
    }

    @Test
    void aBatchBodyWithAByteOrderMarkKeepsItsMessagesClean() {
        String message = "{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\"}";
        ParsedBody parsed = batch("\uFEFF{\"batch\":[" + message + "]}");
        assertThat(parsed.messages()).singleElement().satisfies(m -> assertThat(m.json()).hasToString(message));
    }
}
