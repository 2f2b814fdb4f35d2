package io.tekil.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestJsonText {

    /** The plain search the needle's skipping search must agree with. */
    private static boolean plainSearch(byte[] text, byte[] needle) {
        outer:
        for (int i = 0; i <= text.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (text[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void findsTheNeedleWhereverAPlainSearchDoes() {
        Random random = new Random(7);
        String alphabet = "\"traitsrevnu{}:,ıİ ";
        JsonText.Needle[] needles = {JsonText.needle("\"traits\""), JsonText.needle("\"revenue\""), JsonText.needle("ss"), JsonText.needle("ı")};
        byte[][] needleBytes = {"\"traits\"".getBytes(StandardCharsets.UTF_8), "\"revenue\"".getBytes(StandardCharsets.UTF_8),
                "ss".getBytes(StandardCharsets.UTF_8), "ı".getBytes(StandardCharsets.UTF_8)};
        int[] found = new int[needles.length];
        int[] missed = new int[needles.length];
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(4) == 0) { // planted, at any place, sometimes cut short
                String planted = random.nextBoolean() ? "\"traits\"" : "\"revenue\"";
                text.insert(random.nextInt(text.length() + 1), planted.substring(0, planted.length() - random.nextInt(2)));
            }
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            for (int n = 0; n < needles.length; n++) {
                boolean expected = plainSearch(utf8, needleBytes[n]);
                assertThat(needles[n].foundIn(utf8)).as("%s in %s", new String(needleBytes[n], StandardCharsets.UTF_8), text).isEqualTo(expected);
                found[n] += expected ? 1 : 0;
                missed[n] += expected ? 0 : 1;
            }
        }
        for (int n = 0; n < needles.length; n++) { // each needle's both answers are tested, often
            assertThat(found[n]).as("texts holding needle %d", n).isGreaterThan(500);
            assertThat(missed[n]).as("texts without needle %d", n).isGreaterThan(500);
        }
    }

    @Test
    void findsTheNeedleAtTheEdgesOfAMessage() {
        JsonText.Needle traits = JsonText.needle("\"traits\"");
        assertThat(traits.foundIn("\"traits\":{}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(traits.foundIn("{\"context\":{\"traits\"".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(traits.foundIn("\"traits".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(traits.foundIn(new byte[0])).isFalse();
        // a needle of two-byte characters against text of characters sharing their first byte
        assertThat(JsonText.needle("İ").foundIn("ıııı".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(JsonText.needle("İ").foundIn("ııİı".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThatThrownBy(() -> JsonText.needle("")).isInstanceOf(IllegalArgumentException.class);
    }
}
