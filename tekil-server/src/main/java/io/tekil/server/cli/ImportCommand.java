package io.tekil.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.error.TekilException;
import io.tekil.core.store.Storage;
import io.tekil.importer.ImportFormat;
import io.tekil.importer.ImportProgress;
import io.tekil.importer.ImportResult;
import io.tekil.importer.Importer;
import io.tekil.importer.Mapping;
import io.tekil.importer.MappingReader;
import io.tekil.importer.Mappings;
import io.tekil.importer.RejectFile;
import io.tekil.server.Json;
import io.tekil.server.TekilServer;
import io.tekil.server.admin.SourceRegistry;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.imports.ImportPlan;
import io.tekil.server.ingest.GroupCommitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a file into a source: Segment NDJSON as is, CSV and NDJSON through a mapping.",
                "Works on the data directory while the server is stopped; while it runs, use POST /api/imports.",
                "Bad rows are written to a reject file with their line and reason; importing a file again stores nothing twice."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import (any size; read as a stream).")
    Path file;

    @Option(names = "--source", required = true, paramLabel = "NAME",
            description = "The source the rows come from; created when missing (with --channel or the mapping's channel).")
    String source;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, ndjson or segment-ndjson (default: the mapping's, "
            + "else segment-ndjson for .ndjson/.jsonl files).")
    String format;

    @Option(names = "--mapping", paramLabel = "NAME|FILE", description = "A built-in mapping (pos-transactions, call-center, "
            + "crm-contacts, email-engagement) or a YAML mapping file. Needed for csv and ndjson.")
    String mapping;

    @Option(names = "--channel", paramLabel = "CHANNEL", description = "Channel of a source this import creates.")
    String channel;

    @Mixin
    FileFormatOptions fileFormat = new FileFormatOptions();

    @Option(names = "--rejects", paramLabel = "FILE", description = "Where rejected rows go (default: FILE.rejects.csv).")
    Path rejects;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw TekilException.userError("no file %s", file);
        }
        ImportFormat parsedFormat = parseFormat(format);
        if (mapping == null && fileFormat.any()) {
            throw TekilException.userError("--encoding, --delimiter and --decimal apply to a mapped file; Segment NDJSON is UTF-8 JSON, "
                    + "so leave them out or give --mapping");
        }
        Mapping chosen = mapping == null ? null : fileFormat.applyTo(loadMapping(mapping));
        TekilConfig config = data.load(Map.of());
        Clock clock = Clock.systemUTC();
        ObjectMapper json = Json.newMapper();
        PrintWriter out = spec.commandLine().getOut();
        Path rejectPath = rejects != null ? rejects : file.resolveSibling(file.getFileName() + ".rejects.csv");
        Files.deleteIfExists(rejectPath);
        try (Storage storage = StorageCommand.open(config);
                GroupCommitter committer = TekilServer.openCommitter(config, storage, clock)) {
            SourceRegistry sources = new SourceRegistry(storage.sources(), clock);
            ImportPlan plan = ImportPlan.resolve(sources, source, channel, parsedFormat, chosen, file.getFileName().toString());
            ImportResult result = run(TekilServer.importer(config, json, committer, clock), plan, file,
                    rejectPath, out, !noProgress);
            out.println(result.summary());
            if (result.rejected() > 0) {
                out.printf("Rejected rows, each with its line and reason: %s%n", rejectPath);
            }
            out.flush();
        }
        return 0;
    }

    /** Imports one file with a progress bar; shared with {@code tekil demo}. */
    static ImportResult run(Importer importer, ImportPlan plan, Path file, Path rejectPath, PrintWriter out, boolean progressBar)
            throws IOException {
        out.printf("Importing %s into source '%s' (channel %s%s) with mapping %s%n", file.getFileName(), plan.source().name(),
                plan.source().channel().id(), plan.sourceCreated() ? ", created now" : "", plan.mapping().name());
        out.flush();
        ImportProgress progress = new ImportProgress(Files.size(file));
        try (InputStream in = Files.newInputStream(file); RejectFile rejectFile = new RejectFile(rejectPath);
                ProgressBar bar = progressBar ? new ProgressBar(progress, out, System.console() != null) : null) {
            return importer.run(plan.source(), plan.mapping(), file.getFileName().toString(), in, progress, rejectFile);
        }
    }

    static Mapping loadMapping(String nameOrFile) throws IOException {
        if (Mappings.BUILT_IN.contains(nameOrFile)) {
            return Mappings.builtIn(nameOrFile);
        }
        Path path = Path.of(nameOrFile);
        if (!Files.isRegularFile(path)) {
            throw TekilException.userError("--mapping %s is neither a built-in mapping (%s) nor a file", nameOrFile,
                    String.join(", ", Mappings.BUILT_IN));
        }
        return MappingReader.read(Files.readString(path), path.toString());
    }



    private static ImportFormat parseFormat(String format) {
        if (format == null) {
            return null;
        }
        try {
            return ImportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
    }
}
