package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steal time and load average from fixed {@code /proc/stat} and {@code /proc/loadavg} texts. */
class MachineLoadTest {
    private static String stat(long user, long idle, long steal) {
        // user nice system idle iowait irq softirq steal guest guest_nice; guest is already part of user.
        return "cpu  " + user + " 0 100 " + idle + " 0 0 0 " + steal + " 500 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n";
    }

    @Test
    void stealIsTheStolenShareOfAllCpuTimeAndGuestTimeIsNotCountedTwice() {
        MachineLoad.CpuTimes times = MachineLoad.CpuTimes.parse(stat(1000, 800, 100));
        assertThat(times.total()).isEqualTo(2000);
        assertThat(times.steal()).isEqualTo(100);
    }

    @Test
    void eachWindowHasItsStealShareAndLoadAverages() {
        Deque<String> stats =
                new ArrayDeque<>(List.of(stat(0, 0, 0), stat(0, 0, 0), stat(800, 1000, 100), stat(800, 1000, 100)));
        Deque<String> loads = new ArrayDeque<>(List.of("1.00 0.5 0.2 1/100 7", "2.00 1 1 1/100 7", "4.00 1 1 1/1 7"));
        Deque<List<Double>> probes = new ArrayDeque<>(List.of(List.of(130.0, 125.0)));
        MachineLoad load = new MachineLoad(
                () -> stats.size() > 1 ? stats.pop() : stats.peek(),
                () -> loads.size() > 1 ? loads.pop() : loads.peek(),
                probes::pop);

        load.begin("round 1");
        load.sample();
        List<MachineLoad.Window> windows = load.windows();

        assertThat(windows).extracting(MachineLoad.Window::label).containsExactly("round 1", "whole run");
        MachineLoad.Window round = windows.get(0);
        // 100 stolen of the 800 user + 1,000 idle + 100 steal ticks the window added (system stayed at 100).
        assertThat(round.stealShare()).isCloseTo(100.0 / 1900, within(1e-9));
        assertThat(round.loadMean()).isCloseTo((2.0 + 4.0 + 4.0) / 3, within(1e-9));
        assertThat(round.loadMax()).isEqualTo(4.0);
        assertThat(windows.get(1).loadMax()).isEqualTo(4.0);
        // The probe ran once, as the window began; the whole run has none of its own.
        assertThat(round.probeMs()).containsExactly(130.0, 125.0);
        assertThat(windows.get(1).probeMs()).isEmpty();
    }

    @Test
    void unreadableProcFilesGiveNoFigureRatherThanZero() {
        assertThat(MachineLoad.loadAverage("")).isNaN();
        MachineLoad load = new MachineLoad(() -> "", () -> "", List::of);
        assertThat(load.windows().get(0).stealShare()).isNaN();
        assertThat(load.windows().get(0).loadMean()).isNaN();
    }
}
