package io.thingcore.bench.load;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pause before a measured warm scenario: the generator collects the previous scenario's garbage, then the harness
 * waits until the broker and the generator are both idle, so that neither brings the previous scenario's work into
 * the next window (issue 14, stability). Measured on 2026-12-04 (`--scenario connect,ota_blocks --rounds 4`): a
 * connect storm started right after `ota_blocks` ran at 2,095 connections/s against 3,342-3,857 in the other rounds,
 * with the broker's CPU per connection unchanged (0.27 against 0.24-0.26 ms) and the generator at 98% of its core:
 * the generator was still paying for the download of 60,000 blocks a second.
 *
 * <p>Not used before the cold scenarios: they measure a broker that has had no time to settle.
 */
final class Quiet {
    /** Each sample of both processes' CPU; longer than a few of /proc's 10 ms ticks. */
    static final Duration SAMPLE = Duration.ofMillis(500);

    /** Idle: under this share of one core in a sample, for both processes. */
    static final double IDLE_CORE_SHARE = 0.05;

    /** The most the harness waits; a broker busy for longer is measured as it is, and the log says so. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    /** G1's share of free heap after a collection above which it gives memory back (MaxHeapFreeRatio); 100: never. */
    static final String KEEP_HEAP_COMMITTED = "100";

    private Quiet() {}

    /**
     * Keeps the generator's heap at what it has grown to. Each explicit collection in {@link #await} otherwise lets
     * G1 shrink it to what survived (464 MB to 108 MB committed, in every pause between scenarios), and the next
     * window then commits it again and touches its pages for the first time: kernel time on the generator's core,
     * inside the measurement (issue 14, item 5). Set at run time: {@code MaxHeapFreeRatio} is a manageable flag.
     */
    static void keepHeapCommitted() {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .setVMOption("MaxHeapFreeRatio", KEEP_HEAP_COMMITTED);
    }

    /**
     * Collects the generator's garbage and waits until {@code brokerPid} and this process were idle over one
     * {@link #SAMPLE}, for at most {@code limit} ({@link #LIMIT} between the scenarios).
     *
     * @return whether both were idle before the limit
     */
    static boolean await(long brokerPid, Duration limit) {
        // The generator's heap: an explicit collection now rather than one inside the next window.
        System.gc();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long broker0 = ProcStats.cpuNanos(brokerPid);
            long generator0 = ProcStats.cpuNanos(ProcStats.self());
            long t0 = System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(SAMPLE.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            double elapsed = System.nanoTime() - t0;
            boolean brokerIdle = (ProcStats.cpuNanos(brokerPid) - broker0) / elapsed < IDLE_CORE_SHARE;
            boolean generatorIdle = (ProcStats.cpuNanos(ProcStats.self()) - generator0) / elapsed < IDLE_CORE_SHARE;
            if (brokerIdle && generatorIdle) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
    }
}
