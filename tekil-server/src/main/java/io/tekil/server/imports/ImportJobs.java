package io.tekil.server.imports;

import io.tekil.core.error.TekilException;
import io.tekil.core.store.SettingsStore;
import io.tekil.importer.ImportResult;
import io.tekil.importer.Importer;
import io.tekil.importer.Mapping;
import io.tekil.importer.MappingReader;
import io.tekil.importer.Mappings;
import io.tekil.importer.RejectFile;
import io.tekil.server.admin.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's import jobs. An uploaded file is first spooled to {@code <data>/imports/<id>.upload} (so the upload
 * finishes at network speed and the job id can be returned), then imported on a background thread, one job at
 * a time; the spool file is deleted afterwards and rejected rows stay in {@code <id>.rejects.csv}. Jobs are kept in
 * memory: after a restart their state is gone, while what they imported stays (re-importing completes an
 * interrupted job without duplicates). Custom mappings are kept in the settings store.
 */
public final class ImportJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImportJobs.class);
    private static final Pattern MAPPING_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final String MAPPING_SETTING = "import.mapping.";
    private static final String MAPPING_LIST_SETTING = "import.mappings";

    private final Importer importer;
    private final SettingsStore settings;
    private final Path directory;
    private final Clock clock;
    private final Map<String, ImportJob> jobs = new LinkedHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("tekil-import").factory());

    public ImportJobs(Importer importer, SettingsStore settings, Path directory, Clock clock) {
        this.importer = importer;
        this.settings = settings;
        this.directory = directory;
        this.clock = clock;
        deleteStaleUploads(directory);
    }

    /** Uploads of jobs that a stop interrupted or dropped; their jobs are gone with the restart. */
    private static void deleteStaleUploads(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.newDirectoryStream(directory, "*.upload")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("cannot clean the import spool directory {}", directory, e);
        }
    }

    /** Spools {@code upload} and queues its import; returns at once with the queued job. */
    public ImportJob start(ImportPlan plan, String fileName, InputStream upload) throws IOException {
        Files.createDirectories(directory);
        String id = "imp_" + Secrets.random(9);
        Path spool = directory.resolve(id + ".upload");
        long size;
        try {
            size = Files.copy(upload, spool);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
        ImportJob job = new ImportJob(id, plan, fileName, size, directory.resolve(id + ".rejects.csv"), clock.instant());
        synchronized (jobs) {
            jobs.put(id, job);
        }
        runner.submit(() -> run(job, spool));
        return job;
    }

    private void run(ImportJob job, Path spool) {
        job.running();
        try {
            ImportResult result;
            try (InputStream in = Files.newInputStream(spool); RejectFile rejects = new RejectFile(job.rejectFile())) {
                result = importer.run(job.plan().source(), job.plan().mapping(), job.fileName(), in, job.progress(), reject -> {
                    rejects.accept(reject);
                    job.rejected(reject);
                });
            }
            job.succeeded(result, clock.instant());
            LOG.info("import {} of {} into '{}': {}", job.id(), job.fileName(), job.plan().source().name(), result.summary());
        } catch (TekilException e) {
            job.failed(e.getMessage(), clock.instant());
        } catch (Throwable e) {
            LOG.error("import {} of {} failed", job.id(), job.fileName(), e);
            job.failed("the import failed: " + e + "; import the file again to complete it (nothing is duplicated)", clock.instant());
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                LOG.warn("cannot delete the spooled upload {}", spool, e);
            }
        }
    }

    public Optional<ImportJob> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** Newest first. */
    public List<ImportJob> list() {
        synchronized (jobs) {
            List<ImportJob> all = new ArrayList<>(jobs.values());
            return all.reversed();
        }
    }

    /** A built-in mapping, or one saved with {@link #saveMapping}. */
    public Mapping mapping(String name) {
        if (Mappings.BUILT_IN.contains(name)) {
            return Mappings.builtIn(name);
        }
        return settings.get(MAPPING_SETTING + name).map(yaml -> MappingReader.read(yaml, "'" + name + "'"))
                .orElseThrow(() -> TekilException.notFound("no mapping '%s'; the built-in ones are %s, saved ones %s (PUT /api/mappings/NAME)",
                        name, Mappings.BUILT_IN, savedMappings()));
    }

    /** Checks and saves a custom mapping under {@code name}. */
    public synchronized Mapping saveMapping(String name, String yaml) {
        if (!MAPPING_NAME.matcher(name).matches() || Mappings.BUILT_IN.contains(name)) {
            throw TekilException.userError("invalid mapping name '%s': use lower-case letters, digits, '_', '.' or '-', other than the built-in %s",
                    name, Mappings.BUILT_IN);
        }
        Mapping mapping = MappingReader.read(yaml, "'" + name + "'");
        settings.put(MAPPING_SETTING + name, yaml);
        List<String> saved = new ArrayList<>(savedMappings());
        if (!saved.contains(name)) {
            saved.add(name);
            settings.put(MAPPING_LIST_SETTING, String.join(",", saved));
        }
        return mapping;
    }

    /** The YAML of a saved mapping. */
    public String savedMappingText(String name) {
        return settings.get(MAPPING_SETTING + name).orElseThrow(() -> TekilException.notFound("no saved mapping '%s'", name));
    }

    public List<String> savedMappings() {
        return settings.get(MAPPING_LIST_SETTING).filter(text -> !text.isEmpty()).map(text -> List.of(text.split(","))).orElse(List.of());
    }

    /**
     * Stops: a running job is interrupted (what it submitted stays stored; importing the file again completes it),
     * queued ones are dropped.
     */
    @Override
    public void close() {
        runner.shutdownNow();
        try {
            if (!runner.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("an import did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
