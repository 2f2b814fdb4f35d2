package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TestUtf8Builder {
    @Test
    void encodesUtf8LikeTheJdk() {
        String text = "Işıl Öztürk, Çağrı Şükrü İbrahim — €5 \uD83D\uDE00 ok";
        assertThat(new Utf8Builder(4).append(text).toBytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonStringsRoundTripThroughAJsonParser() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(1);
        String alphabet = "aZ09 \"\\/\n\r\t\b\f\u0001\u001fİıŞşĞğÇçÖöÜü€\uD83D\uDE00";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(20); n > 0; n--) {
                int at = random.nextInt(alphabet.length());
                if (Character.isLowSurrogate(alphabet.charAt(at))) {
                    continue; // only whole surrogate pairs: a lone one is not text
                }
                text.append(alphabet.charAt(at));
                if (Character.isHighSurrogate(alphabet.charAt(at))) {
                    text.append(alphabet.charAt(at + 1));
                }
            }
            String encoded = new Utf8Builder(1).appendJsonString(text.toString()).toString();
            assertThat(json.readTree(encoded).asText()).isEqualTo(text.toString());
        }
    }

    @Test
    void loneSurrogatesBecomeQuestionMarks() {
        assertThat(new Utf8Builder(1).append("a\uDE00b").toString()).isEqualTo("a?b");
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenNeeded() {
        assertThat(csv("Kadıköy", ',')).isEqualTo("Kadıköy");
        assertThat(csv("a;b", ',')).isEqualTo("a;b");
        assertThat(csv("a;b", ';')).isEqualTo("\"a;b\"");
        assertThat(csv("27\" Monitör", ';')).isEqualTo("\"27\"\" Monitör\"");
        assertThat(csv("  Ayse@Gmail.com ", ',')).isEqualTo("\"  Ayse@Gmail.com \"");
        assertThat(csv("", ',')).isEmpty();
    }

    @Test
    void numbersAndMoney() {
        assertThat(new Utf8Builder(1).appendLong(0).toString()).isEqualTo("0");
        assertThat(new Utf8Builder(1).appendLong(-42).toString()).isEqualTo("-42");
        assertThat(new Utf8Builder(1).appendLong(Long.MAX_VALUE).toString()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(new Utf8Builder(1).appendLong(Long.MIN_VALUE).toString()).isEqualTo(Long.toString(Long.MIN_VALUE));
        for (long value = 1; value > 0 && value < Long.MAX_VALUE / 7; value = value * 7 + 3) {
            assertThat(new Utf8Builder(1).appendLong(value).toString()).isEqualTo(Long.toString(value));
        }
        assertThat(new Utf8Builder(1).appendMoney(124_990, ',').toString()).isEqualTo("1249,90");
        assertThat(new Utf8Builder(1).appendMoney(5, '.').toString()).isEqualTo("0.05");
        assertThat(new Utf8Builder(1).appendMoney(-100, '.').toString()).isEqualTo("-1.00");
        assertThat(new Utf8Builder(1).appendClock(45_296_007, true).toString()).isEqualTo("12:34:56.007");
        assertThat(new Utf8Builder(1).appendClock(86_399_999, false).toString()).isEqualTo("23:59:59");
    }

    @Test
    void uuidsAreVersionFourAndMatchTheJdksFormatting() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1_000; i++) {
            long high = random.nextLong();
            long low = random.nextLong();
            String text = new Utf8Builder(1).appendUuid(high, low).toString();
            UUID parsed = UUID.fromString(text);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(text);
            assertThat(new Utf8Builder(1).appendUpperUuid(high, low).toString()).isEqualTo(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void growsPastItsInitialCapacity() {
        Utf8Builder builder = new Utf8Builder(1);
        for (int i = 0; i < 10_000; i++) {
            builder.append("ğ");
        }
        assertThat(builder.length()).isEqualTo(20_000);
        builder.clear();
        assertThat(builder.length()).isZero();
    }

    private static String csv(String text, char delimiter) {
        return new Utf8Builder(1).appendCsvField(text, delimiter).toString();
    }
}
