package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestTimeline {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsUtcTimestampsLikeJavaTimeInsideAndOutsideTheWindow() {
        Timeline timeline = new Timeline(LocalDate.of(2025, 1, 1), 365);
        SplittableRandom random = new SplittableRandom(5);
        long from = timeline.startUtc() - 10 * Timeline.DAY_MS;
        long span = timeline.endUtc() - timeline.startUtc() + 20 * Timeline.DAY_MS;
        for (int i = 0; i < 20_000; i++) {
            long utc = from + (long) (random.nextDouble() * span);
            Utf8Builder millis = new Utf8Builder(1);
            timeline.appendIsoMillis(millis, utc);
            assertThat(millis.toString()).isEqualTo(ISO_MILLIS.format(Instant.ofEpochMilli(utc)));
            Utf8Builder seconds = new Utf8Builder(1);
            timeline.appendIsoSeconds(seconds, utc);
            assertThat(seconds.toString()).isEqualTo(ISO_SECONDS.format(Instant.ofEpochMilli(utc)));
        }
    }

    @Test
    void localTimesAreIstanbulTime() {
        Timeline timeline = new Timeline(LocalDate.of(2026, 3, 1), 31);
        int day = 13;
        int msOfDay = ((18 * 60 + 22) * 60 + 5) * 1000 + 123;
        Utf8Builder local = new Utf8Builder(1);
        timeline.appendLocalDateTime(local, day, msOfDay);
        assertThat(local.toString()).isEqualTo("2026-03-14 18:22:05");
        Utf8Builder dotted = new Utf8Builder(1);
        timeline.appendDottedDate(dotted, day);
        assertThat(dotted.toString()).isEqualTo("14.03.2026");
        ZonedDateTime expected = ZonedDateTime.of(2026, 3, 14, 18, 22, 5, 123_000_000, Timeline.ISTANBUL);
        assertThat(timeline.utc(day, msOfDay)).isEqualTo(expected.toInstant().toEpochMilli());
    }

    @Test
    void seasonalWeightsAverageOneAndPeakOnEfsaneCuma() {
        Timeline timeline = new Timeline(LocalDate.of(2025, 1, 1), 365);
        double sum = 0;
        int peak = 0;
        for (int day = 0; day < timeline.days(); day++) {
            sum += timeline.weight(day);
            peak = timeline.weight(day) > timeline.weight(peak) ? day : peak;
        }
        assertThat(sum / timeline.days()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(timeline.date(peak)).isEqualTo(LocalDate.of(2025, 11, 28));
        assertThat(Seasonality.efsaneCuma(2025)).isEqualTo(LocalDate.of(2025, 11, 28));
    }
}
