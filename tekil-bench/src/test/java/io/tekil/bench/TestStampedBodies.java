package io.tekil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestStampedBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<byte[]> pool = new SegmentTraffic(7).batches(3, 20);

    @Test
    void everyMessageIdOfTheSequenceIsDistinctAndTheRestIsThePoolsBody() throws IOException {
        StampedBodies bodies = StampedBodies.of(pool, 10); // three rounds and a bit
        Set<String> messageIds = new HashSet<>();
        for (int i = 0; i < bodies.size(); i++) {
            JsonNode body = JSON.readTree(bodies.get(i));
            JsonNode template = JSON.readTree(pool.get(i % pool.size()));
            for (int m = 0; m < template.get("batch").size(); m++) {
                String stamped = body.get("batch").get(m).get("messageId").asText();
                String original = template.get("batch").get(m).get("messageId").asText();
                assertThat(messageIds.add(stamped)).as("messageId %s given twice", stamped).isTrue();
                assertThat(stamped).isEqualTo(String.format("%08x", i / pool.size()) + original.substring(8));
                ((ObjectNode) body.get("batch").get(m)).remove("messageId");
                ((ObjectNode) template.get("batch").get(m)).remove("messageId");
            }
            assertThat(body).isEqualTo(template);
        }
        assertThat(messageIds).hasSize(10 * 20);
    }

    @Test
    void thePartsOfABodyAreItsStampedBytes() {
        StampedBodies bodies = StampedBodies.of(pool, Integer.MAX_VALUE).slice(Integer.MAX_VALUE - 8, 8);
        java.nio.ByteBuffer stamp = java.nio.ByteBuffer.allocateDirect(8);
        for (int i = 0; i < bodies.size(); i++) {
            java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
            for (java.nio.ByteBuffer part : bodies.parts(i, stamp)) {
                byte[] bytes = new byte[part.remaining()];
                part.get(bytes);
                written.writeBytes(bytes);
            }
            assertThat(written.toByteArray()).as("body %d", i).isEqualTo(bodies.get(i));
            assertThat(bodies.length(i)).isEqualTo(bodies.get(i).length);
        }
    }

    @Test
    void stampsEveryDigitOfTheRound() throws IOException {
        StampedBodies far = StampedBodies.of(pool, Integer.MAX_VALUE).slice(Integer.MAX_VALUE - 2, 2);
        long at = Integer.MAX_VALUE - 1L;
        String messageId = JSON.readTree(far.get(1)).get("batch").get(0).get("messageId").asText();
        String original = JSON.readTree(pool.get((int) (at % pool.size()))).get("batch").get(0).get("messageId").asText();
        assertThat(messageId).isEqualTo(String.format("%08x", at / pool.size()) + original.substring(8));
        assertThat(messageId).startsWith("2aaaaaaa");
    }

    @Test
    void slicesTakeTheirPartOfOneSequence() {
        StampedBodies all = StampedBodies.of(pool, 8);
        StampedBodies warmup = all.slice(0, 2);
        StampedBodies timed = all.slice(2, 6);
        assertThat(timed).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(timed.get(i)).isEqualTo(all.get(2 + i));
        }
        assertThat(warmup.get(1)).isEqualTo(all.get(1));
        assertThat(timed.bytes()).isEqualTo(timed.stream().mapToLong(body -> body.length).sum());
        assertThat(timed.distinct()).isEqualTo(pool.size());
        assertThatThrownBy(() -> all.slice(5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void refusesAPoolWhoseMessageIdsCannotBeStamped() {
        byte[] body = "{\"batch\":[{\"messageId\":\"m-1\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StampedBodies.of(List.of(body), 2)).hasMessageContaining("not a lower-case UUID");
        byte[] twice = "{\"batch\":[{\"messageId\":\"00000000-1111-4111-8111-111111111111\"},{\"messageId\":\"ffffffff-1111-4111-8111-111111111111\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StampedBodies.of(List.of(twice), 2)).hasMessageContaining("end in");
        byte[] longer = "{\"batch\":[{\"messageId\":\"00000000-1111-4111-8111-1111111111112\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StampedBodies.of(List.of(longer), 2)).hasMessageContaining("not a lower-case UUID");
        byte[] spaced = "{\"batch\":[{\"messageId\": \"00000000-1111-4111-8111-111111111111\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StampedBodies.of(List.of(spaced), 2)).hasMessageContaining("has no messageId");
        assertThatThrownBy(() -> StampedBodies.of(pool, 8).slice(5, Integer.MAX_VALUE)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
