package io.tekil.server.cli;

import io.tekil.server.config.TekilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that touches the data directory shares. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: data.dir, which defaults to ./data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (default: tekil.properties in the data directory, when present).")
    Path configFile;

    /** Loads the configuration from file, environment and {@code flags} (which win), honouring {@code --data}. */
    TekilConfig load(Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(flags);
        if (dataDir != null) {
            all.put(TekilConfig.DATA_DIR.name(), dataDir.toString());
        }
        Path file = configFile;
        if (file == null) {
            Path dir = dataDir != null ? dataDir : TekilConfig.load(null, System.getenv(), all).dataDir();
            Path candidate = dir.resolve("tekil.properties");
            file = Files.isRegularFile(candidate) ? candidate : null;
        }
        return TekilConfig.load(file, System.getenv(), all);
    }
}
