package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestMessageKeyIndex {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void remembersKeysPerSource() {
        MessageKeyIndex index = new MessageKeyIndex(Duration.ofDays(7));
        index.add(MessageKey.of("web", "m-1"), NOW);
        assertThat(index.contains(MessageKey.of("web", "m-1"))).isTrue();
        assertThat(index.contains(MessageKey.of("pos", "m-1"))).isFalse();
        assertThat(index.contains(MessageKey.of("web", "m-2"))).isFalse();
        // The separator keeps ("ab", "c") apart from ("a", "bc").
        index.add(MessageKey.of("ab", "c"), NOW);
        assertThat(index.contains(MessageKey.of("a", "bc"))).isFalse();
    }

    @Test
    void keepsAtLeastTheWindowAndForgetsOlderDays() {
        MessageKeyIndex index = new MessageKeyIndex(Duration.ofDays(7));
        MessageKey eightDaysOld = MessageKey.of("web", "old");
        MessageKey sevenDaysOld = MessageKey.of("web", "edge");
        index.add(eightDaysOld, NOW.minus(Duration.ofDays(8)).minusSeconds(1));
        index.add(sevenDaysOld, NOW.minus(Duration.ofDays(7)));
        index.evictExpired(NOW);
        assertThat(index.contains(sevenDaysOld)).isTrue();
        assertThat(index.contains(eightDaysOld)).isFalse();
        assertThat(index.rebuildFrom(NOW)).isEqualTo(Instant.parse("2026-11-15T00:00:00Z"));
    }

    @Test
    void growsWithoutLosingKeys() {
        MessageKeyIndex index = new MessageKeyIndex(Duration.ofDays(1));
        for (int i = 0; i < 200_000; i++) {
            index.add(MessageKey.of("web", "m-" + i), NOW);
        }
        index.add(MessageKey.of("web", "m-5"), NOW);
        assertThat(index.size()).isEqualTo(200_000);
        for (int i = 0; i < 200_000; i += 997) {
            assertThat(index.contains(MessageKey.of("web", "m-" + i))).isTrue();
        }
        assertThat(index.contains(MessageKey.of("web", "m-200000"))).isFalse();
    }

    @Test
    void fingerprintsOfDistinctIdsDoNotCollide() {
        Set<MessageKey> seen = new HashSet<>();
        for (int i = 0; i < 500_000; i++) {
            assertThat(seen.add(MessageKey.of("web", Integer.toString(i)))).isTrue();
        }
        assertThat(MessageKey.of("web", "ş")).isEqualTo(MessageKey.of("web", "ş"));
        assertThat(MessageKey.hash(new byte[0])).isEqualTo(new MessageKey(0, 0));
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new MessageKeyIndex(Duration.ZERO)).hasMessageContaining("window must be positive");
    }
}
