package io.tekil.server.cli;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.core.store.Storage;
import io.tekil.server.admin.SourceRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "source", mixinStandardHelpOptions = true,
        description = "Manage sources (where events come from). Works on the data directory while the server is stopped; "
                + "while it runs, use the admin API (POST/GET /api/sources).",
        subcommands = {SourceCommand.Add.class, SourceCommand.ListSources.class})
final class SourceCommand {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a source; the last line printed is its write key.")
    static final class Add implements Runnable {
        @Mixin
        DataOptions data;

        @Parameters(index = "0", paramLabel = "NAME", description = "Unique name, such as web-shop or magaza-pos.")
        String name;

        @Option(names = "--channel", required = true, paramLabel = "CHANNEL",
                description = "One of: web, mobile, store, call_center, crm, email, ads, server.")
        String channel;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            Channel parsed;
            try {
                parsed = Channel.parse(channel);
            } catch (IllegalArgumentException e) {
                throw TekilException.userError("%s", e.getMessage());
            }
            try (Storage storage = StorageCommand.open(data)) {
                Source source = new SourceRegistry(storage.sources(), Clock.systemUTC()).create(name, parsed);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("Added source '%s' (channel %s). Its write key:%n", source.name(), source.channel().id());
                out.println(source.writeKey());
                out.flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources with their channel and write key.")
    static final class ListSources implements Runnable {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Storage storage = StorageCommand.open(data)) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-24s %-12s %-30s %s%n", "NAME", "CHANNEL", "WRITE KEY", "CREATED");
                for (Source source : storage.sources().list()) {
                    out.printf("%-24s %-12s %-30s %s%n", source.name(), source.channel().id(), source.writeKey(), source.createdAt());
                }
                out.flush();
            }
        }
    }
}
