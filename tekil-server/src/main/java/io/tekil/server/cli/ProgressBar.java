package io.tekil.server.cli;

import io.tekil.importer.ImportProgress;
import java.io.PrintWriter;

/**
 * Shows an import's progress on the terminal: redrawn in place four times a second when the output is a console,
 * a new line every five seconds otherwise (logs, CI). Stops with the final figures on their own line.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    private final ImportProgress progress;
    private final PrintWriter out;
    private final boolean interactive;
    private final Thread thread;
    private volatile boolean running = true;

    ProgressBar(ImportProgress progress, PrintWriter out, boolean interactive) {
        this.progress = progress;
        this.out = out;
        this.interactive = interactive;
        this.thread = Thread.ofPlatform().daemon().name("tekil-progress").start(this::run);
    }

    private void run() {
        long period = interactive ? 250 : 5_000;
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                draw(false);
            }
        }
    }

    private synchronized void draw(boolean last) {
        String line = line(progress.snapshot());
        if (interactive) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String line(ImportProgress.Snapshot snapshot) {
        StringBuilder line = new StringBuilder("  ");
        double fraction = snapshot.fraction();
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * WIDTH);
            line.append(String.format("%3d%% [", Math.round(fraction * 100)))
                    .append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        }
        line.append(String.format("%,d rows  %,.0f rows/s", snapshot.rowsRead(), snapshot.rowsPerSecond()));
        if (snapshot.rejected() > 0) {
            line.append(String.format("  %,d rejected", snapshot.rejected()));
        }
        double eta = snapshot.etaSeconds();
        if (eta >= 0) {
            long seconds = Math.round(eta);
            line.append(String.format("  ETA %d:%02d", seconds / 60, seconds % 60));
        }
        return line.append("   ").toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw(true);
    }
}
