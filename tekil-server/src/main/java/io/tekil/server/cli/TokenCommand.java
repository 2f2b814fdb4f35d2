package io.tekil.server.cli;

import io.tekil.core.store.Storage;
import io.tekil.server.admin.AdminTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage the admin API token.",
        subcommands = TokenCommand.Reset.class)
final class TokenCommand {
    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Make a new random admin token (the old one stops working) and print it once. Run with the server stopped.")
    static final class Reset implements Runnable {
        @Mixin
        DataOptions data;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Storage storage = StorageCommand.open(data)) {
                AdminTokens tokens = AdminTokens.initialize(storage.settings(), "").tokens();
                spec.commandLine().getOut().println(tokens.reset());
                spec.commandLine().getOut().flush();
            }
        }
    }
}
