package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyscallProbeTest {
    @Test
    void readsTheSecondsDdReports() {
        String output = "200000+0 records in\n200000+0 records out\n"
                + "102400000 bytes (102 MB, 98 MiB) copied, 0.133732 s, 766 MB/s\n";
        assertThat(SyscallProbe.copiedMillis(output)).isEqualTo(133.732);
        assertThat(SyscallProbe.copiedMillis("dd: invalid number: 'x'\n")).isNaN();
    }

    @Test
    void timesTheKernelWorkOnACore() {
        // dd is part of coreutils, on every machine the bench runs on; the probe on core 0 exists on any of them.
        double ms = SyscallProbe.millis(0);
        assertThat(ms).isPositive().isLessThan(30_000);
    }
}
