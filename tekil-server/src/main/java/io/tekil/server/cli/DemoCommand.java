package io.tekil.server.cli;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Source;
import io.tekil.importer.ImportResult;
import io.tekil.server.TekilServer;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.imports.ImportPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start Tekil, generate a realistic Turkish e-commerce dataset and load it (web, app, stores, call center,",
                "CRM, e-mail), print the URL, write keys and admin token, and keep serving. Running it again loads nothing twice."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--people", defaultValue = "10000", paramLabel = "N", description = "People in the dataset (default: ${DEFAULT-VALUE}).")
    int people;

    @Option(names = "--days", defaultValue = "365", paramLabel = "D", description = "Days of history (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Dataset seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: server.port, 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--exit", description = "Stop after loading instead of serving (for scripts and tests).")
    boolean exit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, String> flags = new HashMap<>();
        if (port != null) {
            flags.put(TekilConfig.SERVER_PORT.name(), port.toString());
        }
        TekilConfig config = data.load(flags);
        PrintWriter out = spec.commandLine().getOut();
        Path input = config.dataDir().resolve("demo-input");
        GenerateCommand.generate(people, days, seed, null, input, out);

        TekilServer server = TekilServer.start(config, StorageCommand.open(config), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tekil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("Tekil is running at %s; loading the dataset%n", server.uri());
        long imported = 0;
        long present = 0;
        long rejected = 0;
        for (DemoData.DemoFile file : DemoData.FILES) {
            Path path = input.resolve(file.file());
            if (!Files.isRegularFile(path)) {
                throw new TekilException(io.tekil.core.error.ErrorCategory.UNAVAILABLE, "the generator did not write " + path);
            }
            ImportPlan plan = ImportPlan.resolve(server.sources(), file.source(), file.channel(), null, file.loadMapping(), file.file());
            ImportResult result = ImportCommand.run(server.importer(), plan, path, input.resolve(file.file() + ".rejects.csv"), out, true);
            out.println("  " + result.summary());
            imported += result.imported();
            present += result.duplicates();
            rejected += result.rejected();
        }
        printBanner(out, server, config, input, imported, present, rejected);
        if (exit) {
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            return 0;
        }
        stopped.await();
        return 0;
    }

    private static void printBanner(PrintWriter out, TekilServer server, TekilConfig config, Path input, long imported, long present,
            long rejected) {
        out.println();
        out.printf("Loaded %,d events (%,d were already there from an earlier run, %,d rows rejected: see %s/*.rejects.csv)%n",
                imported, present, rejected, input);
        out.printf("Tekil is running at %s%n", server.uri());
        out.printf("  data directory: %s%n", config.dataDir().toAbsolutePath().normalize());
        String token = switch (server.adminTokenInitialization()) {
            case AdminTokens.Initialization.Generated generated -> generated.token();
            case AdminTokens.Initialization.Configured configured -> null;
            case AdminTokens.Initialization.Existing existing -> server.adminTokens().reset();
        };
        if (token == null) {
            out.println("  admin token:    the one in TEKIL_ADMIN_TOKEN");
        } else {
            out.printf("  admin token:    %s%n                  (shown only now; a demo run makes a new one, the previous one stops working)%n", token);
        }
        out.println("  write keys:");
        for (Source source : server.sources().list()) {
            out.printf("    %-20s %-12s %s%n", source.name(), source.channel().id(), source.writeKey());
        }
        out.printf("  try it:         curl -H 'Authorization: Bearer %s' '%s/api/events?source=magaza&limit=3'%n",
                token == null ? "$TEKIL_ADMIN_TOKEN" : token, server.uri());
        out.printf("  profiles:       curl -H 'Authorization: Bearer %s' '%s/api/profiles?trait.city=izmir&limit=3'%n",
                token == null ? "$TEKIL_ADMIN_TOKEN" : token, server.uri());
        out.printf("                  then /api/profiles/{id}/events for a profile's timeline, POST /api/matching/run to match profiles%n");
        out.printf("  segments:       curl -H 'Authorization: Bearer %s' -d '{\"rule\": \"did \\\"Order Completed\\\" in last 30 days and city = \\\"İzmir\\\"\"}' '%s/api/segments/preview'%n",
                token == null ? "$TEKIL_ADMIN_TOKEN" : token, server.uri());
        out.printf("                  (the segment language: docs/segments.md; POST /api/segments/explain tells why a profile is in or out)%n");
        out.printf("  ground truth:   %s (the true person of every identifier and record)%n", input.resolve("truth"));
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }
}
