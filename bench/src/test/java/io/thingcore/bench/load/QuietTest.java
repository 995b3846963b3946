package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class QuietTest {
    @Test
    void anIdleBrokerAndGeneratorAreQuiet() throws Exception {
        Process idle = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(Quiet.await(idle.pid(), Quiet.LIMIT)).isTrue();
        } finally {
            idle.destroy();
        }
    }

    @Test
    void theCollectionBetweenScenariosLeavesTheGeneratorsHeapCommitted() throws Exception {
        Quiet.keepHeapCommitted();
        // Grow the heap past its initial size with data that then dies, as a message scenario does.
        List<byte[]> scenario = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            scenario.add(new byte[1 << 20]);
        }
        long grown = committedHeap();
        assertThat(scenario).hasSize(512);
        scenario.clear();

        // Whether this JVM counts as quiet does not matter here (it stands for the broker too); its collection does.
        Quiet.await(ProcessHandle.current().pid(), Duration.ofMillis(600));

        assertThat(committedHeap()).isGreaterThanOrEqualTo(grown);
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    @Test
    void aBusyBrokerIsMeasuredAnywayOnceTheLimitHasPassed() throws Exception {
        // A shell spinning on one core stands for a broker still working off the previous scenario.
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long start = System.nanoTime();
            assertThat(Quiet.await(busy.pid(), Duration.ofMillis(1_200))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_200));
        } finally {
            busy.destroy();
            busy.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBusyGeneratorIsNotQuietEither() throws Exception {
        Process idle = new ProcessBuilder("sleep", "30").start();
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread spinner = new Thread(() -> {
            long sink = 0;
            while (spin.get()) {
                sink += System.nanoTime() % 7;
            }
            assertThat(sink).isNotNegative();
        });
        spinner.start();
        try {
            assertThat(Quiet.await(idle.pid(), Duration.ofMillis(1_200))).isFalse();
        } finally {
            spin.set(false);
            spinner.join();
            idle.destroy();
        }
    }
}
