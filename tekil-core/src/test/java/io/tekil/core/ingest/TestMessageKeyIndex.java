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

    /**
     * Random adds (plain, or only when absent and now and then taken back), lookups and days passing, against a map
     * of each key to its latest day: a lookup finds a key exactly when its latest day is not expired, and an add when
     * absent adds exactly the keys that are not held. Half the keys share a few first halves (0, -1, the last slots of
     * the smaller tables), so they crowd into long runs that wrap around the table's end, where expired keys are
     * taken over by inserts and deleted by sweeps that move later keys back. Once the days stop, the sweeps leave
     * exactly the live keys.
     */
    @Test
    void agreesWithAMapOfEachKeyToItsLatestDay() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        long[] crowded = {0, -1, 1023, 1022, 2047, 4095, 8191, 5, 6, 7};
        for (int run = 0; run < 5; run++) {
            MessageKeyIndex index = new MessageKeyIndex(Duration.ofDays(3));
            java.util.Map<MessageKey, Long> latest = new java.util.HashMap<>();
            java.util.List<MessageKey> keys = new java.util.ArrayList<>();
            long day = 65_535L * (run + 1) - 15; // each run crosses a boundary of the 16-bit day stamps
            long oldestKept = Long.MIN_VALUE;
            for (int op = 0; op < 200_000; op++) {
                if (random.nextInt(5_000) == 0) {
                    day += 1 + random.nextInt(2);
                }
                int what = random.nextInt(200);
                switch (what < 100 ? 0 : what == 100 ? 2 : 3) { // adds, lookups, and now and then a group's end
                    case 0 -> {
                        MessageKey key = keys.isEmpty() || random.nextInt(4) > 0
                                ? new MessageKey(random.nextBoolean() ? crowded[random.nextInt(crowded.length)] : random.nextLong(), random.nextLong())
                                : keys.get(random.nextInt(keys.size()));
                        if (op % 2 == 0) {
                            index.prefetch(key); // as the group committer reads a group's keys ahead: it changes nothing
                        }
                        boolean plain = random.nextBoolean();
                        // late arrivals too, some already expired; the group committer's receipts are of today or yesterday
                        long received = day - random.nextInt(plain ? 5 : 2);
                        Instant at = Instant.ofEpochSecond(received * 86_400 + random.nextInt(86_400));
                        if (plain) {
                            index.add(key, at);
                            if (latest.merge(key, received, Math::max) == received) {
                                keys.add(key);
                            }
                        } else { // as the group committer gathers a group, taking a key back now and then (a failed commit)
                            Long before = latest.get(key);
                            boolean held = before != null && before >= oldestKept;
                            assertThat(index.addIfAbsent(key, at)).as("op %d", op).isEqualTo(!held);
                            if (!held && random.nextInt(10) == 0) {
                                index.remove(key);
                                latest.remove(key);
                            } else if (!held) {
                                latest.put(key, received);
                                keys.add(key);
                            }
                        }
                    }
                    case 2 -> { // rare, so that lookups meet expired keys before sweeps delete them
                        index.evictExpired(Instant.ofEpochSecond(day * 86_400 + random.nextInt(86_400)));
                        oldestKept = day - 3;
                    }
                    default -> {
                        MessageKey key = keys.isEmpty() || random.nextBoolean()
                                ? new MessageKey(crowded[random.nextInt(crowded.length)], random.nextLong()) : keys.get(random.nextInt(keys.size()));
                        Long keyDay = latest.get(key);
                        assertThat(index.contains(key)).as("op %d", op).isEqualTo(keyDay != null && keyDay >= oldestKept);
                    }
                }
            }
            for (int i = 0; i < 20_000; i++) {
                index.evictExpired(Instant.ofEpochSecond(day * 86_400));
            }
            long kept = day - 3;
            assertThat(index.size()).isEqualTo(latest.values().stream().filter(d -> d >= kept).count());
            for (MessageKey key : keys) {
                assertThat(index.contains(key)).isEqualTo(latest.containsKey(key) && latest.get(key) >= kept);
            }
        }
    }

    /** A group committed while the clock was a window ahead does not turn de-duplication off once it is set back. */
    @Test
    void aClockSteppedAheadAndBackKeepsRemembering() {
        MessageKeyIndex index = new MessageKeyIndex(Duration.ofDays(7));
        MessageKey before = MessageKey.of("web", "before");
        index.add(before, NOW);
        index.evictExpired(NOW.plus(Duration.ofDays(9)));
        MessageKey during = MessageKey.of("web", "during");
        index.add(during, NOW);
        index.evictExpired(NOW);
        assertThat(index.contains(during)).isTrue();
        assertThat(index.contains(MessageKey.of("web", "other"))).isFalse();
    }

    /**
     * A group gathered after the clock went back more than the window: a message given twice in it is held the second
     * time, even when the table grows between the two.
     */
    @Test
    void aMessageTwiceInAGroupAfterTheClockWentBackIsHeldOnce() {
        MessageKeyIndex index = new MessageKeyIndex(Duration.ofDays(7));
        index.evictExpired(NOW.plus(Duration.ofDays(30)));
        MessageKey twice = MessageKey.of("web", "twice");
        assertThat(index.addIfAbsent(twice, NOW)).isTrue();
        for (int i = 0; i < 5_000; i++) { // growth rebuilds the table, dropping the keys it holds expired
            assertThat(index.addIfAbsent(MessageKey.of("web", "other-" + i), NOW)).isTrue();
        }
        assertThat(index.addIfAbsent(twice, NOW)).isFalse();
        index.remove(twice);
        assertThat(index.contains(twice)).isFalse();
        assertThat(index.addIfAbsent(twice, NOW)).isTrue();
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

    /**
     * MurmurHash3 x64 128 (seed 0) as published ("hello" gives cbd8a7b341bd9b02 5b1e906a48ae1d19): stored profile
     * hashes and the de-duplication index rebuilt at start-up depend on these values never changing.
     */
    @Test
    void fingerprintsAreMurmur3() {
        assertThat(MessageKey.hash("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(new MessageKey(0xcbd8a7b341bd9b02L, 0x5b1e906a48ae1d19L));
        assertThat(MessageKey.hash("user:ayşe.ince@example.com.tr".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(new MessageKey(0x909b46fde3a39b37L, 0xef1ba3236b7fa668L));
        assertThat(MessageKey.of("web", "550e8400-e29b-41d4-a716-446655440000"))
                .isEqualTo(new MessageKey(0xc737e740a8f16ac0L, 0x9db60b5bbea7f735L));
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new MessageKeyIndex(Duration.ZERO)).hasMessageContaining("window must be positive");
    }
}
