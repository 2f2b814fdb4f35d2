package io.tekil.server.cli;

import io.tekil.core.error.TekilException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code tekil.jar}. */
@Command(name = "tekil", mixinStandardHelpOptions = true, version = "Tekil 0.1.0",
        description = "Tekil, the open-source Customer Data Platform.",
        subcommands = {ServeCommand.class, DemoCommand.class, SourceCommand.class, ImportCommand.class, MatchCommand.class, GenerateCommand.class,
                TokenCommand.class, ConfigCommand.class, SegmentCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.log.org.duckdb", "warn");
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs a command line, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(CommandLine.defaultFactory(), out, err, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)}, the commands made by {@code factory} (a test's, to look into one). */
    static int run(CommandLine.IFactory factory, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main(), factory).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof TekilException tekil) {
                line.getErr().println("error: " + tekil.getMessage());
                line.getErr().flush();
                return exitCode(tekil);
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    static int exitCode(TekilException e) {
        return switch (e.category()) {
            case USER_ERROR -> 2;
            case UNAUTHORIZED -> 3;
            case NOT_FOUND -> 4;
            case CONFLICT -> 5;
            case UNAVAILABLE -> 6;
        };
    }
}
