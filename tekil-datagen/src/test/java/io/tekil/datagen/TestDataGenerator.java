package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataGenerator {
    private static final GeneratorConfig SMALL = new GeneratorConfig(700, 60, 11, LocalDate.of(2026, 3, 31));

    @TempDir
    Path temp;

    @Test
    void sameConfigGivesByteIdenticalFilesWhateverTheThreads() throws IOException {
        new DataGenerator(SMALL, 1).generate(temp.resolve("one"));
        new DataGenerator(SMALL, 3).generate(temp.resolve("three"));

        assertThat(digests(temp.resolve("three"))).isEqualTo(digests(temp.resolve("one")));
    }

    @Test
    void otherSeedGivesOtherFiles() throws IOException {
        new DataGenerator(SMALL).generate(temp.resolve("a"));
        GeneratorConfig otherSeed = new GeneratorConfig(SMALL.people(), SMALL.days(), SMALL.seed() + 1, SMALL.endDate());
        new DataGenerator(otherSeed).generate(temp.resolve("b"));

        Map<String, String> a = digests(temp.resolve("a"));
        Map<String, String> b = digests(temp.resolve("b"));
        for (String file : TestingDataset.ALL_FILES) {
            if (!file.equals("truth/noise.csv")) { // the forced noise cases of a small population may coincide
                assertThat(b.get(file)).as(file).isNotEqualTo(a.get(file));
            }
        }
    }

    @Test
    void regeneratingIntoTheSameDirectoryReplacesTheFiles() throws IOException {
        Path directory = temp.resolve("again");
        new DataGenerator(new GeneratorConfig(900, 30, 5, SMALL.endDate())).generate(directory);
        new DataGenerator(SMALL).generate(directory);
        new DataGenerator(SMALL).generate(temp.resolve("fresh"));

        assertThat(digests(directory)).isEqualTo(digests(temp.resolve("fresh")));
    }

    @Test
    void summaryCountsTheLinesOfEachFile() throws IOException {
        AtomicLong lastProgress = new AtomicLong();
        Path directory = temp.resolve("counted").resolve("nested");
        GenerationSummary summary = new DataGenerator(SMALL).generate(directory, lastProgress::set);

        assertThat(summary.people()).isEqualTo(SMALL.people());
        assertThat(summary.webEvents()).isEqualTo(lines(directory, "web.ndjson"));
        assertThat(summary.mobileEvents()).isEqualTo(lines(directory, "mobile.ndjson"));
        assertThat(summary.posRows()).isEqualTo(lines(directory, "pos-transactions.csv") - 1);
        assertThat(summary.calls()).isEqualTo(lines(directory, "call-center.csv") - 1);
        assertThat(summary.crmContacts()).isEqualTo(lines(directory, "crm-contacts.csv") - 1);
        assertThat(summary.emailRows()).isEqualTo(lines(directory, "email-engagement.csv") - 1);
        assertThat(lines(directory, "truth/people.csv") - 1).isEqualTo(SMALL.people());
        assertThat(summary.totalRecords()).isEqualTo(lastProgress.get());
        assertThat(summary.posReceipts()).isPositive().isLessThanOrEqualTo(summary.posRows());
        assertThat(summary.elapsed()).isPositive();
    }

    @Test
    void onePersonForOneDayStillWritesEveryFile() throws IOException {
        GenerationSummary summary = new DataGenerator(new GeneratorConfig(1, 1, 1, SMALL.endDate())).generate(temp);

        assertThat(summary.people()).isEqualTo(1);
        for (String file : TestingDataset.ALL_FILES) {
            assertThat(temp.resolve(file)).exists();
        }
        assertThat(lines(temp, "truth/people.csv")).isEqualTo(2);
    }

    @Test
    void activityScalesWithPeopleAndDays() throws IOException {
        GenerationSummary base = new DataGenerator(new GeneratorConfig(1_000, 60, 3, SMALL.endDate())).generate(temp.resolve("base"));
        GenerationSummary morePeople = new DataGenerator(new GeneratorConfig(2_000, 60, 3, SMALL.endDate())).generate(temp.resolve("people"));
        GenerationSummary moreDays = new DataGenerator(new GeneratorConfig(1_000, 120, 3, SMALL.endDate())).generate(temp.resolve("days"));

        double online = base.webEvents() + base.mobileEvents();
        assertThat((morePeople.webEvents() + morePeople.mobileEvents()) / online).isBetween(1.6, 2.4);
        assertThat((moreDays.webEvents() + moreDays.mobileEvents()) / online).isBetween(1.6, 2.4);
        assertThat(online / base.totalRecords()).as("share of web and app events").isBetween(0.75, 0.92);
    }

    private static long lines(Path directory, String file) throws IOException {
        try (var lines = Files.lines(directory.resolve(file))) {
            return lines.count();
        }
    }

    private static Map<String, String> digests(Path directory) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String file : TestingDataset.ALL_FILES) {
            digests.put(file, sha256(Files.readAllBytes(directory.resolve(file))));
        }
        return digests;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
