package io.thingcore.broker.logging;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * At most {@link #linesPerInterval} lines per kind and interval; the lines beyond are counted and reported in one
 * summary line ("... and N more like this in the last 10 s") with the first line of the next interval. The threat is
 * a log flood: anyone who can reach the MQTT port can make the gateway refuse a hundred handshakes a second, and each
 * refusal used to be its own line. Kinds are a small fixed set chosen by the caller (a refusal reason, never a value
 * from the client), so the map stays bounded. Thread-safe.
 */
public final class PacedLog {
    /** The defaults: 20 lines per kind per 10 s, an average of two lines a second per kind under a flood. */
    public static final int DEFAULT_LINES = 20;

    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final int linesPerInterval;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public PacedLog(Logger log) {
        this(log, DEFAULT_LINES, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    public PacedLog(Logger log, int linesPerInterval, long intervalNanos, LongSupplier nanoTime) {
        this.log = log;
        this.linesPerInterval = linesPerInterval;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** Logs at INFO unless this kind has used up its lines in the current interval. */
    public void info(String kind, String format, @Nullable Object... arguments) {
        if (log.isInfoEnabled() && admit(kind, false)) {
            log.info(format, arguments);
        }
    }

    /** Logs at WARN unless this kind has used up its lines in the current interval. */
    public void warn(String kind, String format, @Nullable Object... arguments) {
        if (log.isWarnEnabled() && admit(kind, true)) {
            log.warn(format, arguments);
        }
    }

    private boolean admit(String kind, boolean warn) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long suppressed;
        long seconds;
        synchronized (window) {
            long now = nanoTime.getAsLong();
            if (window.lines == 0 || now - window.start >= intervalNanos) {
                suppressed = window.suppressed;
                seconds = TimeUnit.NANOSECONDS.toSeconds(now - window.start);
                window.start = now;
                window.lines = 1;
                window.suppressed = 0;
            } else if (window.lines < linesPerInterval) {
                window.lines++;
                return true;
            } else {
                window.suppressed++;
                return false;
            }
        }
        if (suppressed > 0) {
            String summary = String.format(
                    Locale.ROOT,
                    "... and %,d more lines like the next one (%s) in the last %d s, not logged one by one",
                    suppressed,
                    kind,
                    seconds);
            if (warn) {
                log.warn(summary);
            } else {
                log.info(summary);
            }
        }
        return true;
    }

    private static final class Window {
        long start;
        int lines;
        long suppressed;
    }
}
