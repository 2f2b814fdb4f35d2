package io.tekil.server.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tekil serve} in a separate JVM, started exactly as an operator would with {@code java -cp ... Main serve},
 * on a loopback port the server picks itself. Its output goes to a log file so that it never blocks on a full
 * pipe. {@link #close()} kills it if it is still running, so a failed test leaves no process behind.
 */
final class TekilProcess implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile("Tekil is running at (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private TekilProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts a server on {@code dataDir} and returns once its {@code /health} answers 200. */
    static TekilProcess start(Path dataDir, Path log, String adminToken) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "io.tekil.server.cli.Main",
                "serve", "--data", dataDir.toString(), "--port", "0", "--host", "127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("TEKIL_"));
        environment.put("TEKIL_ADMIN_TOKEN", adminToken);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            String baseUrl = awaitBanner(process, log);
            awaitHealthy(process, log, baseUrl);
            return new TekilProcess(process, log, baseUrl);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Kills the server with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook runs, nothing
     * queued is flushed. Returns the exit status, which is 128 + 9 for a process killed by SIGKILL.
     */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server process " + process.pid() + " did not die within 30 s of SIGKILL");
        }
        return process.exitValue();
    }

    String logText() {
        return logText(log);
    }

    private static String logText(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static String awaitBanner(Process process, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher banner = BANNER.matcher(logText(log));
            if (banner.find()) {
                return banner.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before starting:\n" + logText(log));
            }
            pause();
        }
        throw new AssertionError("the server printed no banner within " + START_TIMEOUT + ":\n" + logText(log));
    }

    private static void awaitHealthy(Process process, Path log, String baseUrl) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/health")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for /health", e);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + logText(log));
            }
            pause();
        }
        throw new AssertionError("GET /health did not answer 200 within " + START_TIMEOUT + ":\n" + logText(log));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the server", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
