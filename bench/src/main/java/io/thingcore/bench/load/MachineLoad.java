package io.thingcore.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What else the machine was doing during a comparison, and how fast it was, so that a noisy run can be told from a
 * slow broker: the share of CPU time the hypervisor stole ({@code steal}, the eighth value of the {@code cpu} line of
 * {@code /proc/stat}, proc(5)), the 1-minute load average ({@code /proc/loadavg}) and the {@link SyscallProbe} on the
 * broker's and the generator's cores at the window's start, per window (one per A/B round, one for the cold starts,
 * ...) and over the whole run. Sampled from the harness's thread between scenarios.
 */
final class MachineLoad {
    private final Supplier<String> procStat;
    private final Supplier<String> procLoadavg;
    private final Supplier<List<Double>> probe;
    private final CpuTimes runStart;
    private final List<Double> runLoads = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private String label = "";
    private CpuTimes windowStart;
    private final List<Double> windowLoads = new ArrayList<>();
    private List<Double> windowProbe = List.of();

    /** CPU time of all cores since boot, in USER_HZ ticks: every field of the {@code cpu} line, and its steal. */
    record CpuTimes(long total, long steal) {
        /** From the text of {@code /proc/stat}; zeros where it is unreadable (not Linux). */
        static CpuTimes parse(String procStat) {
            for (String line : procStat.split("\n")) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.substring(4).trim().split("\\s+");
                    long total = 0;
                    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already counted
                    // in user and nice (proc(5)), so only the first eight add up to the total.
                    for (int i = 0; i < Math.min(8, fields.length); i++) {
                        total += Long.parseLong(fields[i]);
                    }
                    return new CpuTimes(total, fields.length > 7 ? Long.parseLong(fields[7]) : 0);
                }
            }
            return new CpuTimes(0, 0);
        }
    }

    /**
     * The machine during one stretch of the run.
     *
     * @param label what ran (e.g. {@code round 1})
     * @param stealShare stolen CPU time over all CPU time of the machine (0..1); NaN where unreadable
     * @param loadMean the mean of the 1-minute load averages sampled in the window; NaN without samples
     * @param loadMax the highest of them
     * @param probeMs the {@link SyscallProbe}'s milliseconds at the window's start, the broker's core first, then the
     *     generator's (NaN where it could not run); empty for the whole run
     */
    record Window(String label, double stealShare, double loadMean, double loadMax, List<Double> probeMs) {
        Window {
            probeMs = List.copyOf(probeMs);
        }

        static Window of(String label, CpuTimes from, CpuTimes to, List<Double> loads, List<Double> probeMs) {
            long total = to.total() - from.total();
            double steal = total <= 0 ? Double.NaN : (to.steal() - from.steal()) / (double) total;
            double mean = loads.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
            double max = loads.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
            return new Window(label, steal, mean, max, probeMs);
        }
    }

    /** The 1-minute load average from the text of {@code /proc/loadavg}; NaN where unreadable. */
    static double loadAverage(String procLoadavg) {
        String[] fields = procLoadavg.trim().split("\\s+");
        try {
            return Double.parseDouble(fields[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Reading this machine's {@code /proc}, probing the broker's and the generator's cores. */
    static MachineLoad start() {
        return new MachineLoad(
                () -> read("/proc/stat"),
                () -> read("/proc/loadavg"),
                () -> List.of(
                        SyscallProbe.millis(Comparison.BROKER_CORE), SyscallProbe.millis(Comparison.GENERATOR_CORE)));
    }

    MachineLoad(Supplier<String> procStat, Supplier<String> procLoadavg, Supplier<List<Double>> probe) {
        this.procStat = procStat;
        this.procLoadavg = procLoadavg;
        this.probe = probe;
        this.runStart = CpuTimes.parse(procStat.get());
        this.windowStart = runStart;
        sample();
    }

    /** Starts a window named {@code windowLabel} (ending the previous one, if any). */
    void begin(String windowLabel) {
        end();
        // Before the window's CPU times are taken, so that the probe's own work is not counted in them.
        windowProbe = probe.get();
        label = windowLabel;
        windowStart = CpuTimes.parse(procStat.get());
        windowLoads.clear();
        sample();
    }

    /** Takes one load-average sample (between scenarios). */
    void sample() {
        double load = loadAverage(procLoadavg.get());
        if (!Double.isNaN(load)) {
            runLoads.add(load);
            windowLoads.add(load);
        }
    }

    /** Ends the current window, if one is open. */
    void end() {
        if (!label.isEmpty()) {
            sample();
            windows.add(Window.of(label, windowStart, CpuTimes.parse(procStat.get()), windowLoads, windowProbe));
            label = "";
        }
    }

    /** The windows so far, then the whole run (labelled {@code whole run}). */
    List<Window> windows() {
        end();
        List<Window> all = new ArrayList<>(windows);
        all.add(Window.of("whole run", runStart, CpuTimes.parse(procStat.get()), runLoads, List.of()));
        return all;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
