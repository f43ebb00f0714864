package io.clinicnode.appliance.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the node logs while it is open: tinylog's console output (it writes to {@code System.out}/{@code err}
 * at each entry) and Helidon's records through java.util.logging, with their stack traces. Still prints everything.
 *
 * <p>Thread-safe; open one at a time.
 */
public final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter();
            text.append(record.getLevel().getName()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(String.valueOf(record.getMessage())).append('\n');
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            write(text.toString().getBytes(StandardCharsets.UTF_8), 0);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        System.setOut(new PrintStream(capture.tee(capture.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capture.tee(capture.err), true, StandardCharsets.UTF_8));
        capture.handler.setLevel(Level.INFO);
        Logger.getLogger("").addHandler(capture.handler);
        return capture;
    }

    /** Everything logged so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        System.setOut(out);
        System.setErr(err);
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                LogCapture.this.write(bytes, offset, length);
            }
        };
    }

    private void write(byte[] bytes, int offset) {
        write(bytes, offset, bytes.length - offset);
    }

    private void write(byte[] bytes, int offset, int length) {
        synchronized (captured) {
            captured.write(bytes, offset, length);
        }
    }
}
