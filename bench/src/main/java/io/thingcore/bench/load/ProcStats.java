package io.thingcore.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a process: CPU time (utime + stime from {@code /proc/<pid>/stat}) and memory ({@code VmRSS},
 * {@code VmHWM} from {@code /proc/<pid>/status}). CPU per unit of work stays meaningful on a noisy machine where
 * wall-clock rates do not.
 */
public final class ProcStats {
    /** USER_HZ: the unit of utime and stime; 100 on every mainstream Linux architecture. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStats() {}

    /** User + system CPU time of {@code pid} (all its threads), in nanoseconds; -1 if unreadable. */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Current resident set size in KiB; -1 if unreadable. */
    public static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    /** Peak resident set size ("high water mark") in KiB; -1 if unreadable. */
    public static long peakRssKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The generator's own process. */
    public static long self() {
        return ProcessHandle.current().pid();
    }
}
