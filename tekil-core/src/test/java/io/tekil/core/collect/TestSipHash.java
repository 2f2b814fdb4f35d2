package io.tekil.core.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSipHash {
    /** The reference key, the bytes 0x00 to 0x0f. */
    private static final SipHash REFERENCE = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 2, 4);

    @Test
    void givesTheReferenceTagsOfSipHash24With128Bits() {
        // The reference implementation's test vectors (vectors_sip128): message i is the bytes 0x00 to i - 1; from 8
        // bytes on they go through the word loop, at 15 with a full tail, at 16 and 63 with two and seven words.
        assertThat(REFERENCE.bytes(message(0))).isEqualTo(tag("a3817f04ba25a8e66df67214c7550293"));
        assertThat(REFERENCE.bytes(message(1))).isEqualTo(tag("da87c1d86b99af44347659119b22fc45"));
        assertThat(REFERENCE.bytes(message(2))).isEqualTo(tag("8177228da4a45dc7fca38bdef60affe4"));
        assertThat(REFERENCE.bytes(message(8))).isEqualTo(tag("3b62a9ba6258f5610f83e264f31497b4"));
        assertThat(REFERENCE.bytes(message(15))).isEqualTo(tag("5493e99933b0a8117e08ec0f97cfc3d9"));
        assertThat(REFERENCE.bytes(message(16))).isEqualTo(tag("6ee2a4ca67b054bbfd3315bf85230577"));
        assertThat(REFERENCE.bytes(message(63))).isEqualTo(tag("5150d1772f50834a503e069a973fbd7c"));
    }

    @Test
    void hashesTextAsItsUtf8() {
        for (String text : new String[] {"", "a", "anonymous_id:", "0123456", "01234567", "ayşe.ince@example.com", "+905321234567",
                "İĞÜŞÖÇığüşöç", "€ and 日本", "😀 a pair of surrogates"}) {
            assertThat(REFERENCE.text(text)).as(text).isEqualTo(REFERENCE.bytes(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void keepsDifferentTextApartLoneSurrogatesIncluded() {
        String emoji = "😀"; // a surrogate pair
        String high = emoji.substring(0, 1);
        String low = emoji.substring(1);
        // UTF-8 cannot encode a lone surrogate: String.getBytes writes '?' for each, so these would all be "?" or "a?".
        String[] texts = {"", "?", "a?", "??", emoji, high, low, low + high, "a" + high, "a" + low, high + high, "\u00e9", "e\u0301", "\u0000"};
        Set<SipHash.Tag> tags = new HashSet<>();
        for (String text : texts) {
            tags.add(REFERENCE.text(text));
        }
        assertThat(tags).hasSize(texts.length);
    }

    @Test
    void dependsOnTheKeyTheRoundsAndTheContext() {
        SipHash other = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0909L, 2, 4);
        SipHash faster = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 1, 3);
        Set<SipHash.Tag> tags = new HashSet<>();
        for (SipHash hash : new SipHash[] {REFERENCE, other, faster, REFERENCE.derive("email"), REFERENCE.derive("phone"), faster.derive("email")}) {
            tags.add(hash.text("ayse@example.com"));
        }
        assertThat(tags).hasSize(6);
        assertThat(REFERENCE.derive("email").text("x")).isEqualTo(REFERENCE.derive("email").text("x"));
        assertThat(SipHash.random(1, 3).text("x")).isNotEqualTo(SipHash.random(1, 3).text("x"));
        assertThatThrownBy(() -> new SipHash(0, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one round");
    }

    private static byte[] message(int length) {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }

    /** The tag written as its 16 bytes in hex, each half read little-endian. */
    private static SipHash.Tag tag(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        return new SipHash.Tag(littleEndian(bytes, 0), littleEndian(bytes, 8));
    }

    private static long littleEndian(byte[] bytes, int from) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (bytes[from + i] & 0xff);
        }
        return value;
    }
}
