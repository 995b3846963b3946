package io.thingcore.bench.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Counters and the latency recorder one scenario's connections share. Latency is end to end in microseconds: from
 * the send time written into the payload to the delivery at the subscriber (both in this JVM, so one {@link
 * System#nanoTime()} clock). Only messages delivered while {@link #recording} is on count.
 */
final class Stats {
    final LongAdder sent = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder failed = new LongAdder();

    /**
     * Every delivery, recording or not and never reset: a rate search waits for it to stand still before the next
     * step, so that a backlog of one step does not arrive in the next one's window.
     */
    final LongAdder arrived = new LongAdder();

    private final Recorder latency = new Recorder(3);

    /** Whether deliveries count (off during warm-up). */
    volatile boolean recording;

    /** Whether publishers keep sending. */
    volatile boolean publishing;

    /**
     * End-to-end closed loop: a delivery (not a PUBACK) releases the next message of the publisher that sent it,
     * found here by the index written into the payload. Null for PUBACK-paced or open-loop publishing.
     */
    volatile LoadConnection @Nullable [] endToEnd;

    void delivered(long sentNanos, int publisher, long nowNanos) {
        LoadConnection[] loop = endToEnd;
        if (loop != null && publisher >= 0 && publisher < loop.length) {
            loop[publisher].deliveredOne();
        }
        arrived.increment();
        if (recording) {
            received.increment();
            latency.recordValue(Math.max(0, (nowNanos - sentNanos) / 1000));
        }
    }

    /** Starts a measurement window: clears the counters and the histogram, turns recording on. */
    void startRecording() {
        received.reset();
        acked.reset();
        sent.reset();
        skipped.reset();
        latency.reset();
        recording = true;
    }

    /** Ends the window and returns the latencies recorded in it (microseconds). */
    Histogram stopRecording() {
        recording = false;
        return latency.getIntervalHistogram();
    }
}
