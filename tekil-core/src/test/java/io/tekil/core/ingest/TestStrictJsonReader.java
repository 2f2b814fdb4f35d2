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

    private static String commonName(String name) {
        return reader(name).commonName();
    }

    private static int slotOf(String name) {
        return reader(name).commonSlot();
    }

    private static StrictJsonReader reader(String name) {
        byte[] json = ("\"" + name + "\":1").getBytes(StandardCharsets.UTF_8);
        StrictJsonReader reader = new StrictJsonReader(json, json.length);
        reader.skipName();
        return reader;
    }
}
