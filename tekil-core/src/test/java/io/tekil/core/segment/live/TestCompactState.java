package io.tekil.core.segment.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import io.tekil.core.segment.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The maintainer's compact containers against the plain collections they replace, under random operations. */
class TestCompactState {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void compactSetBehavesAsAHashSet() {
        SplittableRandom random = new SplittableRandom(7);
        // "Aa" and "BB" (and their concatenations) share hash codes: long probe runs and shifts back over them
        List<String> items = new ArrayList<>(List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB"));
        for (int i = 0; i < 300; i++) {
            items.add("p" + i);
        }
        CompactSet set = new CompactSet();
        Set<String> reference = new HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            String item = items.get(random.nextInt(random.nextBoolean() ? 6 : items.size()));
            if (random.nextInt(3) == 0) {
                assertThat(set.remove(item)).isEqualTo(reference.remove(item));
            } else {
                assertThat(set.add(item)).isEqualTo(reference.add(item));
            }
            assertThat(set.size()).isEqualTo(reference.size());
            String probe = items.get(random.nextInt(items.size()));
            assertThat(set.contains(probe)).as("step %d: %s", step, probe).isEqualTo(reference.contains(probe));
            if (step % 500 == 0) {
                assertThat(new HashSet<>(set)).isEqualTo(reference);
            }
        }
        assertThat(Set.copyOf(set)).isEqualTo(reference);
    }

    @Test
    void candidatesKeepEachSegmentsMomentAndShareEqualMoments() {
        SplittableRandom random = new SplittableRandom(11);
        Instant base = Instant.parse("2026-11-22T00:00:00Z");
        Candidates candidates = new Candidates();
        Map<Integer, Instant> reference = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            int segment = random.nextInt(40) + (random.nextInt(10) == 0 ? Candidates.MAX_SEGMENTS - 41 : 0); // high numbers too
            if (random.nextInt(4) == 0) {
                candidates.remove(segment);
                reference.remove(segment);
            } else {
                Instant at = base.plusSeconds(random.nextInt(6) * 3600L).plusNanos(random.nextInt(2)); // few moments, many shared
                candidates.put(segment, at);
                reference.put(segment, at);
            }
            assertThat(candidates.earliest()).isEqualTo(reference.values().stream().min(Comparator.naturalOrder()).orElse(null));
            Instant cut = base.plusSeconds(random.nextInt(7) * 3600L);
            Set<Integer> due = new TreeSet<>();
            candidates.forEachDue(cut, due::add);
            Set<Integer> expected = new TreeSet<>();
            reference.forEach((number, at) -> {
                if (!at.isAfter(cut)) {
                    expected.add(number);
                }
            });
            assertThat(due).as("step %d", step).isEqualTo(expected);
        }
    }

    @Test
    void eventColumnsHoldEachEventOnceWithItsKeyTimeAndKeptProperties() {
        SplittableRandom random = new SplittableRandom(13);
        HeldEvents held = new HeldEvents();
        EventColumns columns = new EventColumns();
        Map<String, String> keyOf = new LinkedHashMap<>(); // message id -> key
        Map<String, HistoryEvent> reference = new LinkedHashMap<>();
        Set<String> read = Set.of("category");
        for (int step = 0; step < 2_000; step++) {
            String id = "m" + random.nextInt(300);
            String key = "k" + random.nextInt(4);
            ObjectNode properties = MAPPER.createObjectNode().put("category", "c" + random.nextInt(3)).put("price", random.nextInt(100));
            HistoryEvent event = new HistoryEvent(id, MessageType.TRACK, "Product Viewed", Channel.WEB, "web",
                    Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000), random.nextInt(1_000_000_000)), properties);
            if (random.nextInt(5) == 0) {
                held.replace(columns, key, event, read);
                reference.put(id, kept(event));
                keyOf.put(id, key);
            } else {
                boolean added = held.addOnce(columns, key, event, read);
                assertThat(added).isEqualTo(!reference.containsKey(id));
                if (added) {
                    reference.put(id, kept(event));
                    keyOf.put(id, key);
                }
            }
        }
        assertThat(columns.size()).isEqualTo(reference.size());
        assertThat(describe(columns.events())).isEqualTo(describe(reference.values().toArray(HistoryEvent[]::new)));

        EventColumns part = new EventColumns(); // a split: the part that keeps keys k0 and k2
        part.addFrom(columns, Set.of("k0", "k2"));
        HistoryEvent[] expected = reference.entrySet().stream().filter(entry -> Set.of("k0", "k2").contains(keyOf.get(entry.getKey())))
                .map(Map.Entry::getValue).toArray(HistoryEvent[]::new);
        assertThat(describe(part.events())).isEqualTo(describe(expected));
        part.addFrom(columns, null); // a merge back: nothing twice
        assertThat(part.size()).isEqualTo(reference.size());
    }

    /** The event with only the property the maintainer was asked to keep. */
    private static HistoryEvent kept(HistoryEvent event) {
        ObjectNode category = MAPPER.createObjectNode().set("category", event.properties().get("category"));
        return new HistoryEvent(event.messageId(), event.type(), event.name(), event.channel(), event.source(), event.timestamp(), category);
    }

    /** Events as rules see them (kept properties only), sorted, without message ids (not kept). */
    private static List<String> describe(HistoryEvent[] events) {
        return Arrays.stream(events).map(event -> event.type() + " " + event.name() + " " + event.channel() + " " + event.source() + " "
                + event.timestamp() + " " + event.properties()).sorted().toList();
    }
}
