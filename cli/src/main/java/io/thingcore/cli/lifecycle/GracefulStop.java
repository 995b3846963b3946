package io.thingcore.cli.lifecycle;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a gateway process on SIGTERM or SIGINT (a shutdown hook): close the gateway within a bound, then flush
 * the log, so that the gateway's last line ("stopped, N clients disconnected") is written before the JVM ends. A
 * close that overruns the bound is abandoned with a warning: the JVM ends anyway, and the next start recovers (the
 * kernel releases the data directory's lock; SQLite and PostgreSQL roll back what was not committed).
 */
public final class GracefulStop {
    /** How long closing may take: connections are closed, lifecycle events published, sessions written. */
    public static final Duration BOUND = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {}

    public static void close(AutoCloseable gateway, Duration bound) {
        Thread closing = new Thread(
                () -> {
                    try {
                        gateway.close();
                    } catch (Exception e) {
                        LOG.warn("error while stopping the gateway", e);
                    }
                },
                "thingcore-stop");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LOG.warn("the gateway did not stop within {} s; exiting without waiting further", bound.toSeconds());
        }
        flushLogs();
    }

    /**
     * Writes the queued log lines and stops logging: the asynchronous appender's queue would otherwise be lost at exit
     * (logback's own shutdown hook is not used: it would run beside the gateway's and could stop logging before the
     * gateway's last line).
     */
    public static void flushLogs() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.stop();
        }
    }
}
