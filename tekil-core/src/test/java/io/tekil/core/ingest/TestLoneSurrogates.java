package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Escapes of lone surrogates become the replacement character; everything else stays byte for byte. */
class TestLoneSurrogates {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pieces of text: plain, Turkish, characters JSON escapes, a high and a low surrogate, a pair, and text that looks like an escape. */
    private static final String[] PIECES = {"a", "ş", "\"", "\\", "\n", "\uD83D", "\uDE00", "\uD83D\uDE00", "u", "d800", "\uDBFF\uDFFF"};

    @Test
    void loneSurrogatesBecomeTheReplacementCharacterAndPairsStay() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(0, 8); k > 0; k--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String value = text.toString();
            byte[] json = ("{\"name\":\"" + escaped(value, random) + "\",\"n\":1}").getBytes(StandardCharsets.UTF_8);
            assertThat(JSON.readTree(json).get("name").asText()).isEqualTo(value); // Jackson reads lone surrogates as they are
            byte[] original = json.clone();

            boolean changed = LoneSurrogates.repair(json);

            String expected = withoutLoneSurrogates(value);
            assertThat(changed).as(new String(original, StandardCharsets.UTF_8)).isEqualTo(!expected.equals(value));
            assertThat(json).hasSameSizeAs(original);
            assertThat(JSON.readTree(json).get("name").asText()).as(new String(original, StandardCharsets.UTF_8)).isEqualTo(expected);
            if (!changed) {
                assertThat(json).isEqualTo(original);
            }
        }
    }

    @Test
    void backslashesAreFoundWhereverTheyAre() {
        SplittableRandom random = new SplittableRandom(6);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(0, 40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(8) == 0 ? '\\' : random.nextInt(256));
            }
            boolean plain = false;
            for (byte b : bytes) {
                plain |= b == '\\';
            }
            assertThat(LoneSurrogates.hasBackslash(bytes)).as(Arrays.toString(bytes)).isEqualTo(plain);
        }
    }

    /** {@code value} as the inside of a JSON string: surrogates always as escapes (in either case of hex), the rest as JSON needs. */
    private static String escaped(String value, SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isSurrogate(c)) {
                String hex = String.format("%04x", (int) c);
                out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String withoutLoneSurrogates(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
