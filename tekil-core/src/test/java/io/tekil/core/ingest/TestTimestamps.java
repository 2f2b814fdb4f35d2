package io.tekil.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestTimestamps {
    @Test
    void readsTheShapesSdksSend() {
        assertThat(Timestamps.parse("2026-11-22T10:15:30.123Z")).contains(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(Timestamps.parse("2026-11-22T10:15:30Z")).contains(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(Timestamps.parse("2026-11-22T13:15:30.5+03:00")).contains(Instant.parse("2026-11-22T10:15:30.500Z"));
        assertThat(Timestamps.parse("2026-11-22T05:15:30.123456789-05:00")).contains(Instant.parse("2026-11-22T10:15:30.123456789Z"));
        assertThat(Timestamps.parse(" 2026-11-22T13:15:30+0300 ")).contains(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(Timestamps.parse("2026-11-22T10:15:30")).contains(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(Timestamps.parse("2026-11-22T10:15Z")).contains(Instant.parse("2026-11-22T10:15:00Z"));
    }

    @Test
    void rejectsYearsOutOfRangeAndOtherText() {
        for (String text : List.of("1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "2026-13-01T10:15:30Z", "2026-11-22 10:15:30Z",
                "2026-11-22T10:15:30+19:00", "yesterday", "")) {
            assertThat(Timestamps.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void datesThatDoNotExistAreRejectedNotMoved() {
        assertThat(Timestamps.parse("2026-02-29T10:15:30Z")).isEmpty();
        assertThat(Timestamps.parse("2026-11-22T24:00:00Z")).isEmpty();
        assertThat(Timestamps.parse("2026-04-31T10:00:00+03:00")).isEmpty();
        assertThat(Timestamps.parse("2028-02-29T10:15:30Z")).contains(Instant.parse("2028-02-29T10:15:30Z"));
    }

    /** Texts at the edges of the fast reader's shape read exactly as the formatter alone reads them. */
    @Test
    void edgeCasesReadAsTheFormatterReadsThem() {
        for (String text : List.of("2026-02-29T10:15:30Z", "2028-02-29T10:15:30Z", "2026-11-22T24:00:00Z", "2026-11-22T10:15:30.Z",
                "2026-11-22T10:15:30.1234567890Z", "2026-11-22T10:15:30+18:00", "2026-11-22T10:15:30-18:00", "2026-11-22T10:15:30+18:01",
                "2026-11-22T10:15:30-00:00", "2026-11-22T10:15:30+03:00:00", "0000-01-01T00:00:00Z", "+2026-11-22T10:15:30Z",
                "2026-11-22t10:15:30z")) {
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(java.util.Optional.ofNullable(Timestamps.parseWithFormatter(text))
                    .filter(instant -> !instant.isBefore(Instant.parse("1900-01-01T00:00:00Z"))
                            && !instant.isAfter(Instant.parse("2999-12-31T23:59:59Z"))));
        }
    }

    /**
     * The fast reader either declines a text or reads it exactly as the formatter does; deterministic fuzzing.
     * (It declines texts such as 2026-02-29 or 24:00:00, which the strict formatter then rejects too.)
     */
    @Test
    void fastReaderAgreesWithTheFormatter() {
        SplittableRandom random = new SplittableRandom(20261122);
        String alphabet = "0123456789-:T.Z+ zx";
        int read = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(sample(random));
            int mutations = random.nextInt(3);
            for (int m = 0; m < mutations && !text.isEmpty(); m++) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String candidate = text.toString();
            Instant fast = Timestamps.parseCommon(candidate);
            if (fast != null) {
                read++;
                assertThat(fast).as(candidate).isEqualTo(Timestamps.parseWithFormatter(candidate));
            }
        }
        assertThat(read).as("texts the fast reader accepted").isGreaterThan(30_000);
    }

    private static String sample(SplittableRandom random) {
        String fraction = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "." + pad(random.nextInt(1000), 3);
            case 2 -> "." + pad(random.nextInt(1_000_000), 6);
            default -> "." + pad(random.nextInt(1_000_000_000), 9);
        };
        String offset = switch (random.nextInt(4)) {
            case 0, 1 -> "Z";
            case 2 -> (random.nextBoolean() ? "+" : "-") + pad(random.nextInt(20), 2) + ":" + pad(random.nextInt(4) * 15, 2);
            default -> (random.nextBoolean() ? "+" : "-") + pad(random.nextInt(20), 2) + pad(random.nextInt(60), 2);
        };
        return pad(random.nextInt(1890, 3010), 4) + "-" + pad(random.nextInt(0, 14), 2) + "-" + pad(random.nextInt(0, 33), 2)
                + "T" + pad(random.nextInt(0, 25), 2) + ":" + pad(random.nextInt(0, 61), 2) + ":" + pad(random.nextInt(0, 61), 2)
                + fraction + offset;
    }

    private static String pad(int value, int width) {
        String text = Integer.toString(value);
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }
}
