package io.tekil.server.cli;

import io.tekil.server.config.ConfigKey;
import io.tekil.server.config.TekilConfig;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "List every configuration key with its environment variable, default and meaning.")
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (ConfigKey<?> key : TekilConfig.KEYS) {
            out.printf("%s (env %s, default '%s')%n    %s%n", key.name(), key.environmentVariable(), key.defaultValue(), key.doc());
        }
        out.flush();
    }
}
