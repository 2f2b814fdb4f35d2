package io.tekil.server.cli;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.server.TekilServer;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.config.TekilConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Tekil server on the embedded database in the data directory.")
final class ServeCommand implements Callable<Integer> {
    static final String DEFAULT_SOURCE = "website";

    @Mixin
    DataOptions data;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: server.port, 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default: server.host, 0.0.0.0).")
    String host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        if (port != null) {
            flags.put(TekilConfig.SERVER_PORT.name(), port.toString());
        }
        if (host != null) {
            flags.put(TekilConfig.SERVER_HOST.name(), host);
        }
        TekilConfig config = data.load(flags);
        TekilServer server = TekilServer.start(config, StorageCommand.open(config), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tekil-shutdown"));

        if (server.sources().list().isEmpty()) {
            server.sources().create(DEFAULT_SOURCE, Channel.WEB);
        }
        printBanner(spec.commandLine().getOut(), server, config);
        stopped.await();
        return 0;
    }

    private static void printBanner(PrintWriter out, TekilServer server, TekilConfig config) {
        out.printf("Tekil is running at %s%n", server.uri());
        out.printf("  data directory: %s%n", config.dataDir().toAbsolutePath().normalize());
        switch (server.adminTokenInitialization()) {
            case AdminTokens.Initialization.Generated generated -> out.printf(
                    "  admin token:    %s%n                  (shown only now; keep it. `tekil token reset` makes a new one)%n", generated.token());
            case AdminTokens.Initialization.Configured configured -> out.println("  admin token:    the one in TEKIL_ADMIN_TOKEN");
            case AdminTokens.Initialization.Existing existing -> out.println(
                    "  admin token:    made at first start (not shown again; `tekil token reset` makes a new one)");
        }
        List<Source> sources = server.sources().list();
        out.println("  write keys:");
        for (Source source : sources) {
            out.printf("    %-20s %-12s %s%n", source.name(), source.channel().id(), source.writeKey());
        }
        Source first = sources.getFirst();
        out.printf("  try it:         curl -u %s: %s/v1/track -d '{\"userId\":\"u-1\",\"event\":\"Product Viewed\"}'%n",
                first.writeKey(), server.uri());
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }
}
