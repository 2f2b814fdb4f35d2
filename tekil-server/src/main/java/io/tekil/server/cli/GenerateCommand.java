package io.tekil.server.cli;

import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GenerationSummary;
import io.tekil.datagen.GeneratorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a realistic Turkish e-commerce dataset: Segment NDJSON for web and app, CSV exports of the store tills,",
                "call center, CRM and e-mail platform, and the ground truth (the true person of every identifier and record).",
                "Deterministic for a seed. Import it with `tekil import` (see docs/import.md) or let `tekil demo` do everything."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--people", defaultValue = "10000", paramLabel = "N", description = "People to simulate (default: ${DEFAULT-VALUE}).")
    int people;

    @Option(names = "--days", defaultValue = "365", paramLabel = "D", description = "Days of history up to --end (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed; the same seed writes the same files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD", description = "Last day of data (default: yesterday in Europe/Istanbul, the last whole day, so no event lies in the future).")
    LocalDate end;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if missing).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter printer = spec.commandLine().getOut();
        GenerationSummary summary = generate(people, days, seed, end, out, printer);
        printer.printf("Ground truth for scoring identity resolution and segments: %s%n", out.resolve("truth"));
        printer.flush();
        return 0;
    }

    /**
     * The default last day: yesterday in Europe/Istanbul. The generator fills whole days, so a window that ended
     * today would hold events later than now, which timelines, segments and "in last N days" windows would show.
     */
    static LocalDate lastWholeDay(Clock clock) {
        return LocalDate.now(clock.withZone(ZoneId.of("Europe/Istanbul"))).minusDays(1);
    }

    static GenerationSummary generate(int people, int days, long seed, LocalDate end, Path out, PrintWriter printer) throws IOException {
        LocalDate last = end != null ? end : lastWholeDay(Clock.systemUTC());
        printer.printf("Generating %,d people over %,d days up to %s (seed %d) into %s%n", people, days, last, seed, out);
        printer.flush();
        GenerationSummary summary = new DataGenerator(new GeneratorConfig(people, days, seed, last)).generate(out);
        printer.printf("  web events %,d, app events %,d, POS rows %,d (%,d receipts), calls %,d, CRM contacts %,d, e-mail rows %,d: "
                        + "%,d records in %.1f s%n", summary.webEvents(), summary.mobileEvents(), summary.posRows(), summary.posReceipts(),
                summary.calls(), summary.crmContacts(), summary.emailRows(), summary.totalRecords(), summary.elapsed().toMillis() / 1000.0);
        printer.flush();
        return summary;
    }
}
