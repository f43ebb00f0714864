package io.clinicnode.installer.backup;

import java.io.PrintWriter;

/** A progress line on the error stream, written at most once a second so logs stay short. */
final class ProgressLine {
    private final PrintWriter err;
    private final String what;
    private long lastPrinted = System.nanoTime();

    ProgressLine(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    void bytes(long bytes) {
        if (due()) {
            err.printf("%s: %.1f MB%n", what, bytes / 1e6);
            err.flush();
        }
    }

    void count(long count, String unit) {
        if (due()) {
            err.printf("%s: %,d %s%n", what, count, unit);
            err.flush();
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        if (now - lastPrinted < 1_000_000_000L) {
            return false;
        }
        lastPrinted = now;
        return true;
    }
}
