package io.tekil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandLine {
    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Run tekil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void sourceAddPrintsTheWriteKeyLastAndListShowsIt() {
        Run added = tekil("source", "add", "magaza-pos", "--channel", "store", "--data", directory.toString());
        assertThat(added.exitCode()).isZero();
        String writeKey = added.lines().getLast();
        assertThat(writeKey).matches("wk_[A-Za-z0-9_-]{24}");

        Run listed = tekil("source", "list", "--data", directory.toString());
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("magaza-pos").contains("store").contains(writeKey);
    }

    @Test
    void mistakesGetAClearMessageAndExitCode() {
        Run badChannel = tekil("source", "add", "tv", "--channel", "television", "--data", directory.toString());
        assertThat(badChannel.exitCode()).isEqualTo(2);
        assertThat(badChannel.err()).contains("unknown channel 'television'; use one of web, mobile");

        tekil("source", "add", "web", "--channel", "web", "--data", directory.toString());
        Run duplicate = tekil("source", "add", "web", "--channel", "web", "--data", directory.toString());
        assertThat(duplicate.exitCode()).isEqualTo(5);
        assertThat(duplicate.err()).contains("a source named 'web' already exists");
    }

    @Test
    void importWritesRejectsAndIsIdempotent() throws java.io.IOException {
        Path csv = directory.resolve("pos.csv");
        java.nio.file.Files.writeString(csv, java.nio.file.Files.readString(Path.of("..", "samples", "pos-transactions.csv"))
                + "R-9;S;17.03.2026;25:00:00;5321234567;;A;a;c;1;10,00;10,00\n");
        Path data = directory.resolve("data");
        Run first = tekil("import", csv.toString(), "--source", "magaza", "--mapping", "pos-transactions", "--data", data.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Importing pos.csv into source 'magaza' (channel store, created now) with mapping pos-transactions")
                .contains("100% [").contains("11 rows read, 6 messages: 6 imported, 0 already present; 1 rows rejected")
                .contains("Rejected rows, each with its line and reason: " + csv + ".rejects.csv");
        assertThat(java.nio.file.Files.readString(directory.resolve("pos.csv.rejects.csv")))
                .contains("12,column 'date+time' value '17.03.2026 25:00:00' is not a date-time in the format dd.MM.yyyy HH:mm:ss");

        Run again = tekil("import", csv.toString(), "--source", "magaza", "--mapping", "pos-transactions", "--data", data.toString(), "--no-progress");
        assertThat(again.out()).contains("0 imported, 6 already present").doesNotContain("100% [");

        Run badMapping = tekil("import", csv.toString(), "--source", "magaza", "--mapping", "pos", "--data", data.toString());
        assertThat(badMapping.exitCode()).isEqualTo(2);
        assertThat(badMapping.err()).contains("--mapping pos is neither a built-in mapping");
    }

    @Test
    void demoGeneratesLoadsAndReloadsNothingTwice() throws java.io.IOException {
        Path data = directory.resolve("demo");
        String[] demo = {"demo", "--people", "400", "--days", "90", "--port", "0", "--exit", "--data", data.toString()};
        Run first = tekil(demo);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Generating 400 people over 90 days")
                .contains("into source 'magaza' (channel store, created now) with mapping pos-transactions")
                .contains("into source 'web' (channel web, created now) with mapping segment-ndjson")
                .containsPattern("Loaded [0-9,]+ events \\(0 were already there from an earlier run, 0 rows rejected")
                .containsPattern("admin token: +tka_")
                .contains("cagri-merkezi        call_center  wk_");
        long loaded = Long.parseLong(first.out().replaceAll("(?s).*Loaded ([0-9,]+) events.*", "$1").replace(",", ""));
        assertThat(loaded).isGreaterThan(5_000);
        try (io.tekil.core.store.Storage storage = io.tekil.store.duckdb.DuckDbStorage.open(data)) {
            assertThat(storage.events().count()).isEqualTo(loaded);
        }

        Run again = tekil(demo);
        assertThat(again.out()).contains(String.format("Loaded 0 events (%,d were already there from an earlier run", loaded));
    }

    @Test
    void generateWritesTheDatasetAndItsTruth() {
        Path out = directory.resolve("dataset");
        Run generated = tekil("generate", "--people", "200", "--days", "30", "--seed", "7", "--end", "2026-11-01", "--out", out.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("Generating 200 people over 30 days up to 2026-11-01 (seed 7)");
        for (String file : List.of("web.ndjson", "mobile.ndjson", "pos-transactions.csv", "call-center.csv", "crm-contacts.csv",
                "email-engagement.csv", "truth/people.csv", "truth/identifiers.csv", "truth/records.csv", "truth/noise.csv")) {
            assertThat(out.resolve(file)).isRegularFile();
        }
        for (DemoData.DemoFile file : DemoData.FILES) {
            assertThat(out.resolve(file.file())).as("demo imports " + file.file()).isRegularFile();
        }
    }

    @Test
    void generatedDataEndsWithTheLastWholeDayInIstanbul() {
        Clock lateEvening = Clock.fixed(Instant.parse("2026-11-23T20:59:59Z"), ZoneOffset.UTC);
        Clock pastMidnight = Clock.fixed(Instant.parse("2026-11-23T21:00:00Z"), ZoneOffset.UTC);
        assertThat(GenerateCommand.lastWholeDay(lateEvening)).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(GenerateCommand.lastWholeDay(pastMidnight)).isEqualTo(LocalDate.parse("2026-11-23"));
    }

    @Test
    void tokenResetPrintsANewToken() {
        Run reset = tekil("token", "reset", "--data", directory.toString());
        assertThat(reset.exitCode()).isZero();
        assertThat(reset.out().strip()).startsWith("tka_");
    }

    @Test
    void configListsEveryKey() {
        Run config = tekil("config");
        assertThat(config.out()).contains("server.port (env TEKIL_SERVER_PORT, default '8080')").contains("admin.token");
    }
}
