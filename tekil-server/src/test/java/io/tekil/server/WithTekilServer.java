package io.tekil.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For test classes whose every test talks to a fresh real server over its own data directory. */
public abstract class WithTekilServer {
    @TempDir
    protected Path directory;

    protected TestingTekil tekil;

    @BeforeEach
    final void startTekil() {
        tekil = new TestingTekil(directory);
    }

    @AfterEach
    final void stopTekil() {
        tekil.close();
    }
}
