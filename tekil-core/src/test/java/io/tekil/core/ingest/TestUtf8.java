package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The validator accepts exactly what the JDK's strict UTF-8 decoder accepts, and says where the first bad sequence starts. */
class TestUtf8 {
    /** Bytes that make up UTF-8 and its traps: ASCII, continuations, every kind of lead, the overlong and surrogate edges. */
    private static final int[] BYTES = {'a', '{', '"', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xC4, 0xDF, 0xE0, 0xE1,
        0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};

    @Test
    void agreesWithTheStrictDecoder() {
        SplittableRandom random = new SplittableRandom(9);
        for (int n = 0; n < 200_000; n++) {
            // short texts full of traps, and longer ones mostly of ASCII, whose runs take the 8- and 32-byte strides
            boolean mostlyAscii = n % 2 == 1;
            byte[] bytes = new byte[random.nextInt(0, mostlyAscii ? 100 : 24)];
            for (int i = 0; i < bytes.length; i++) {
                boolean ascii = mostlyAscii ? random.nextInt(40) != 0 : random.nextInt(3) == 0;
                bytes[i] = (byte) (ascii ? 'x' : BYTES[random.nextInt(BYTES.length)]);
            }
            int invalid = Utf8.firstInvalid(bytes);
            assertThat(invalid < 0).as(Arrays.toString(bytes)).isEqualTo(strictlyValid(bytes));
            if (invalid >= 0) {
                assertThat(strictlyValid(Arrays.copyOf(bytes, invalid))).as("everything before %d is valid in %s", invalid, Arrays.toString(bytes)).isTrue();
            }
        }
    }

    @Test
    void looksOnlyWithinItsRange() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(1, 120)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(30) != 0 ? 'x' : BYTES[random.nextInt(BYTES.length)]);
            }
            int from = random.nextInt(bytes.length + 1);
            int to = random.nextInt(from, bytes.length + 1);
            if (from > 0) {
                bytes[from - 1] = (byte) 0xFF; // invalid just before the range, and just after it
            }
            if (to < bytes.length) {
                bytes[to] = (byte) 0xFF;
            }
            int invalid = Utf8.firstInvalid(bytes, from, to);
            byte[] range = Arrays.copyOfRange(bytes, from, to);
            assertThat(invalid < 0).as("%s in [%d, %d)", Arrays.toString(bytes), from, to).isEqualTo(strictlyValid(range));
            if (invalid >= 0) {
                assertThat(invalid).isBetween(from, to - 1);
                assertThat(strictlyValid(Arrays.copyOfRange(bytes, from, invalid))).isTrue();
            }
        }
    }

    @Test
    void turkishTextAndEmojiAreValidAndTheKnownTrapsAreNot() {
        assertThat(Utf8.firstInvalid("{\"ad\":\"Ayşe İnce\",\"not\":\"Çok güzel 👍\",\"x\":\"ıİğĞüÜşŞöÖçÇ\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xC0, (byte) 0x80})).as("an overlong NUL").isEqualTo(2);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80})).as("an overlong 3-byte form").isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("an encoded surrogate").isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("past U+10FFFF").isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', (byte) 0xC3})).as("cut short").isEqualTo(9);
    }

    private static boolean strictlyValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
