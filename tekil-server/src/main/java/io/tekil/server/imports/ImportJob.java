package io.tekil.server.imports;

import io.tekil.importer.ImportProgress;
import io.tekil.importer.ImportResult;
import io.tekil.importer.Reject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One import and its state, as the API shows it. Thread-safe: the job's thread writes, API requests read. */
public final class ImportJob {
    /** How many rejects the API shows inline; all of them are in the reject file. */
    static final int REJECTS_SHOWN = 100;

    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String id;
    private final ImportPlan plan;
    private final String fileName;
    private final Instant createdAt;
    private final ImportProgress progress;
    private final Path rejectFile;
    private final List<Reject> firstRejects = new ArrayList<>();
    private Status status = Status.QUEUED;
    private ImportResult result;
    private String error;
    private Instant finishedAt;

    ImportJob(String id, ImportPlan plan, String fileName, long totalBytes, Path rejectFile, Instant createdAt) {
        this.id = id;
        this.plan = plan;
        this.fileName = fileName;
        this.progress = new ImportProgress(totalBytes);
        this.rejectFile = rejectFile;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public ImportPlan plan() {
        return plan;
    }

    public String fileName() {
        return fileName;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public ImportProgress progress() {
        return progress;
    }

    public Path rejectFile() {
        return rejectFile;
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized ImportResult result() {
        return result;
    }

    public synchronized String error() {
        return error;
    }

    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    public synchronized List<Reject> firstRejects() {
        return List.copyOf(firstRejects);
    }

    synchronized void rejected(Reject reject) {
        if (firstRejects.size() < REJECTS_SHOWN) {
            firstRejects.add(reject);
        }
    }

    synchronized void running() {
        status = Status.RUNNING;
    }

    synchronized void succeeded(ImportResult result, Instant at) {
        this.result = result;
        this.status = Status.SUCCEEDED;
        this.finishedAt = at;
    }

    synchronized void failed(String error, Instant at) {
        this.error = error;
        this.status = Status.FAILED;
        this.finishedAt = at;
    }
}
