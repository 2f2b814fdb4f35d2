package io.tekil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
