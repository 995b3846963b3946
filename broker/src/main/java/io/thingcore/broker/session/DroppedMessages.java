package io.thingcore.broker.session;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * QoS 1 messages the broker dropped because a session's queue was full (a subscriber that stopped reading, or an
 * offline persistent session on a busy topic; {@code Limits.maxQueuedMessages}): one counter for the whole broker, for
 * metrics, and the pace of the log lines that report drops. Each drop used to write its own WARN line, so one stalled
 * subscriber on a busy topic could write megabytes of log a minute; a session now writes one line when drops start,
 * then at most one summary per {@link #SUMMARY_INTERVAL_NANOS}, and a last one when its queue has room again.
 * Thread-safe: sessions count from whichever thread delivers to them.
 */
public final class DroppedMessages {
    /** The most one session logs about drops: one summary line per ten seconds. */
    static final long SUMMARY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LongAdder total = new LongAdder();

    /** QoS 1 messages dropped since the broker started, over every session. */
    public long total() {
        return total.sum();
    }

    void count() {
        total.increment();
    }
}
