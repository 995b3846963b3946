package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.tools.ExternalTools;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
    @Test
    void touchingFreshMemoryCountsAsMinorPageFaults() {
        long before = ProcStats.minorFaults(ProcStats.self());
        // The JVM zeroes a direct buffer, so each of its pages is touched for the first time here.
        ByteBuffer fresh = ByteBuffer.allocateDirect(64 << 20);

        assertThat(fresh.capacity()).isEqualTo(64 << 20);
        assertThat(ProcStats.minorFaults(ProcStats.self())).isGreaterThan(before);
    }

    @Test
    void twoProcessesSpinningOnOneCoreTakeItFromEachOther() throws Exception {
        ExternalTools.require(ExternalTools.versionLine("taskset", "--version").isPresent(), "taskset (util-linux)");
        List<Process> spinners = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                spinners.add(new ProcessBuilder("taskset", "-c", "0", "sh", "-c", "while :; do :; done").start());
            }
            TimeUnit.MILLISECONDS.sleep(500);

            assertThat(ProcStats.involuntarySwitches(spinners.get(0).pid())).isPositive();
            assertThat(ProcStats.involuntarySwitches(spinners.get(1).pid())).isPositive();
        } finally {
            for (Process spinner : spinners) {
                spinner.destroy();
                spinner.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aProcessThatHasExitedReadsAsUnknown() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(5, TimeUnit.SECONDS);

        assertThat(ProcStats.minorFaults(gone.pid())).isEqualTo(-1);
        assertThat(ProcStats.involuntarySwitches(gone.pid())).isEqualTo(-1);
        assertThat(ProcStats.cpuNanos(gone.pid())).isEqualTo(-1);
    }
}
