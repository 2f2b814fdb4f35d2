package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestStrictJsonReader {
    @Test
    void findsEveryCommonNameAndNothingElse() {
        for (String name : StrictJsonReader.COMMON_NAMES) {
            assertThat(commonName(name)).as(name).isSameAs(name);
            for (int i = 0; i < name.length(); i++) { // each byte changed in turn, the length and every other byte kept
                String nearMiss = name.substring(0, i) + (char) (name.charAt(i) ^ 1) + name.substring(i + 1);
                if (!StrictJsonReader.COMMON_NAMES.contains(nearMiss)) {
                    assertThat(commonName(nearMiss)).as(nearMiss).isNull();
                }
            }
            assertThat(commonName(name + "s")).isEqualTo(StrictJsonReader.COMMON_NAMES.contains(name + "s") ? name + "s" : null);
            assertThat(commonName(name.substring(1))).isEqualTo(StrictJsonReader.COMMON_NAMES.contains(name.substring(1)) ? name.substring(1) : null);
        }
        assertThat(commonName("")).isNull();
        assertThat(commonName("x")).isNull();
        assertThat(commonName("çağrı")).isNull();
        assertThat(StrictJsonReader.LONGEST_PROBE).as("slots a lookup of a common name looks at, at most").isLessThanOrEqualTo(3);
    }

    /** Word-at-a-time comparison agrees with comparing the bytes, for every length up to 24 and a difference in any byte. */
    @Test
    void comparesWordsAsBytes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int n = 0; n < 50_000; n++) {
            int size = 1 + random.nextInt(24);
            byte[] name = new byte[size];
            for (int i = 0; i < size; i++) {
                name[i] = (byte) ('a' + random.nextInt(3)); // few letters: many texts equal to the name, many one byte off
            }
            int start = random.nextInt(8);
            byte[] text = new byte[start + size + 8];
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) (random.nextBoolean() ? '"' : 'a' + random.nextInt(3));
            }
            if (random.nextBoolean()) {
                System.arraycopy(name, 0, text, start, size);
                if (random.nextBoolean()) {
                    text[start + random.nextInt(size)] ^= 1;
                }
            }
            boolean same = java.util.Arrays.equals(text, start, start + size, name, 0, size);
            assertThat(StrictJsonReader.sameWords(text, start, StrictJsonReader.words(name), size)).as("%d bytes", size).isEqualTo(same);
        }
    }

    @Test
    void marksOnlyCommonNames() {
        boolean[] slots = StrictJsonReader.slotsOf(Set.of("price", "device"));
        int marked = 0;
        for (boolean slot : slots) {
            marked += slot ? 1 : 0;
        }
        assertThat(marked).isEqualTo(2);
        assertThat(slots[slotOf("price")]).isTrue();
        assertThat(slots[slotOf("device")]).isTrue();
        assertThat(slotOf("prixe")).isEqualTo(-1);
        assertThatThrownBy(() -> StrictJsonReader.slotsOf(Set.of("price", "sku"))).hasMessageContaining("sku");
    }

    /**
     * The common name read from {@code "name":1}, both at the end of the array (compared a byte at a time when whole
     * words would run past it: names of 1 to 4, 9 to 12 and 17 to 20 bytes) and with room after it (compared a word at a
     * time, the bytes past the name masked out); the two must agree.
     */
    private static String commonName(String name) {
        String atEnd = reader(name, "").commonName();
        assertThat(reader(name, " ".repeat(24)).commonName()).as("%s compared by words", name).isSameAs(atEnd);
        return atEnd;
    }

    private static int slotOf(String name) {
        int atEnd = reader(name, "").commonSlot();
        assertThat(reader(name, " ".repeat(24)).commonSlot()).as("%s compared by words", name).isEqualTo(atEnd);
        return atEnd;
    }

    private static StrictJsonReader reader(String name, String after) {
        byte[] json = ("\"" + name + "\":1" + after).getBytes(StandardCharsets.UTF_8);
        StrictJsonReader reader = new StrictJsonReader(json, json.length);
        reader.skipName();
        return reader;
    }
}
