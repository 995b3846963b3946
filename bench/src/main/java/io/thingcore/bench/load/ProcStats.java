package io.thingcore.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux says about a process: CPU time (utime + stime from {@code /proc/<pid>/stat}), memory ({@code VmRSS},
 * {@code VmHWM} from {@code /proc/<pid>/status}), minor page faults and involuntary context switches. CPU per unit of
 * work stays meaningful on a noisy machine where wall-clock rates do not.
 */
public final class ProcStats {
    /** USER_HZ: the unit of utime and stime; 100 on every mainstream Linux architecture. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStats() {}

    /** User + system CPU time of {@code pid} (all its threads), in nanoseconds; -1 if unreadable. */
    public static long cpuNanos(long pid) {
        String[] fields = statFields(pid);
        long utime = number(fields, 11);
        long stime = number(fields, 12);
        return utime < 0 || stime < 0 ? -1 : (utime + stime) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** Minor page faults of {@code pid} (all its threads); -1 if unreadable. */
    public static long minorFaults(long pid) {
        return number(statFields(pid), 7);
    }

    /**
     * Involuntary context switches of all of {@code pid}'s threads (each thread's {@code nonvoluntary_ctxt_switches};
     * the process's own status file counts only its first thread): how often something else took the core from it.
     * -1 if unreadable.
     */
    public static long involuntarySwitches(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(task -> statusValue(task.resolve("status"), "nonvoluntary_ctxt_switches:"))
                    .filter(v -> v >= 0)
                    .sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long number(String[] fields, int index) {
        try {
            return index < fields.length ? Long.parseLong(fields[index]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name (state first); empty if unreadable. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
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
        return statusValue(Path.of("/proc", Long.toString(pid), "status"), key);
    }

    /** The first number after {@code key} in a {@code status} file; -1 if unreadable or absent. */
    private static long statusValue(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
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
