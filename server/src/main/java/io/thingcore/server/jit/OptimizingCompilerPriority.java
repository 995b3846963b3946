package io.thingcore.server.jit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's C2 compiler threads at a lower priority than the rest of the gateway.
 *
 * <p>Why: on one core, a cold gateway's event loop shares the CPU with C1 and C2, and C2 alone used more of it than
 * the event loop in the first seconds of a connect storm (bench/README.md, "What bounds fan-in, the cold storm and
 * start-up"). At a higher nice value C2 compiles mostly with the CPU the event loops leave; the loops run C1's code
 * meanwhile (ADR 20). The JVM's own {@code -XX:CompilerThreadPriority} cannot do this: it applies to C1 as well
 * (which starved the loops of compiled code) and only with {@code -XX:ThreadPriorityPolicy=1}.
 *
 * <p>HotSpot adds compiler threads while its queues are long and may end idle ones
 * ({@code -XX:+UseDynamicNumberOfCompilerThreads}, the default); a thread inherits the nice value of the thread that
 * starts it, which may be a C1 thread, so the threads are looked for again every {@link #RESCAN}.
 */
public final class OptimizingCompilerPriority implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OptimizingCompilerPriority.class);

    /** How often compiler threads HotSpot started since are looked for. */
    public static final Duration RESCAN = Duration.ofSeconds(10);

    /**
     * The name of HotSpot's C2 threads ("C2 CompilerThread0", ...) as the kernel keeps it: {@code comm} holds the
     * first 15 bytes of a thread's name (proc(5), /proc/pid/task/tid/comm).
     */
    static final String C2_THREAD_COMM = "C2 CompilerThre";

    private static final Path TASKS = Path.of("/proc/self/task");

    private final Path tasks;
    /** Null when this leaves the compilers alone. */
    private final @Nullable ThreadNice threadNice;

    private final int nice;
    private @Nullable Thread rescans;
    /** Threads whose lowering was refused: not tried again. Only the starting thread, then the rescans, touch it. */
    private final Set<Integer> refused = new HashSet<>();

    private OptimizingCompilerPriority(Path tasks, @Nullable ThreadNice threadNice, int nice) {
        this.tasks = tasks;
        this.threadNice = threadNice;
        this.nice = nice;
    }

    /**
     * Sets every C2 thread of this JVM to {@code nice} now and keeps doing so for new ones until closed. With
     * {@code nice} 0 it does nothing; where it cannot (not Linux, JDK 21) it logs why and does nothing.
     */
    public static OptimizingCompilerPriority lower(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("a compiler nice value is 0 (unchanged) to 19, not " + nice);
        }
        ThreadNice threadNice = nice == 0 ? null : setpriority();
        OptimizingCompilerPriority priority = new OptimizingCompilerPriority(TASKS, threadNice, nice);
        if (threadNice != null) {
            LOG.info("JIT compiler priority: {} C2 compiler thread(s) at nice {}", priority.lowerNew(), nice);
            priority.rescans =
                    Thread.ofVirtual().name("thingcore-compiler-priority").start(priority::rescanUntilClosed);
        }
        return priority;
    }

    /** setpriority(2) for this process's threads, or null (and a line saying why) where it cannot be had. */
    private static @Nullable ThreadNice setpriority() {
        if (!Files.isDirectory(TASKS)) {
            LOG.info("JIT compiler priority: left as it is (no {}: not Linux)", TASKS);
            return null;
        }
        try {
            ThreadNice threadNice = ThreadNice.available();
            if (threadNice == null) {
                LOG.info(
                        "JIT compiler priority: left as it is (setting a thread's nice value {})",
                        ThreadNice.unavailableReason());
            }
            return threadNice;
        } catch (RuntimeException e) {
            // E.g. native access denied (--illegal-native-access=deny without --enable-native-access): an optimisation
            // the gateway runs without.
            LOG.info("JIT compiler priority: left as it is (setpriority unavailable: {})", e.toString());
            return null;
        }
    }

    /** For tests: the threads under {@code tasks}, nice values set by {@code threadNice}, no rescans. */
    static OptimizingCompilerPriority of(Path tasks, ThreadNice threadNice, int nice) {
        return new OptimizingCompilerPriority(tasks, threadNice, nice);
    }

    /**
     * Sets each C2 thread whose nice value is below {@link #nice} to it; returns how many it set. A thread that ends
     * meanwhile is skipped; a refusal is logged once and that thread left as it is from then on (the gateway runs
     * either way, and a sandbox that refuses setpriority does not get a line every {@link #RESCAN}).
     */
    int lowerNew() {
        ThreadNice setter = threadNice;
        if (setter == null) {
            return 0;
        }
        int lowered = 0;
        for (int tid : compilerThreads()) {
            Integer current = niceOf(tid);
            if (current == null || current >= nice || refused.contains(tid)) {
                continue;
            }
            try {
                setter.set(tid, nice);
                lowered++;
            } catch (IOException e) {
                refused.add(tid);
                LOG.warn("JIT compiler priority: thread {} left at nice {}: {}", tid, current, e.toString());
            }
        }
        return lowered;
    }

    /** The IDs of this process's threads named as C2's are. */
    List<Integer> compilerThreads() {
        List<Integer> found = new ArrayList<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String comm = read(thread.resolve("comm"));
                if (comm != null && comm.strip().startsWith(C2_THREAD_COMM)) {
                    found.add(Integer.parseInt(thread.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            LOG.warn("JIT compiler priority: cannot list {}: {}", tasks, e.toString());
        }
        return found;
    }

    /**
     * Thread {@code tid}'s nice value: field 19 of its {@code stat} (proc(5)), counted after the command name, which
     * is in parentheses and may itself hold spaces. Null when the thread has ended.
     */
    @Nullable
    Integer niceOf(int tid) {
        String stat = read(tasks.resolve(Integer.toString(tid)).resolve("stat"));
        if (stat == null) {
            return null;
        }
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(afterName[19 - 3]);
    }

    private static @Nullable String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null; // the thread ended between listing and reading
        } catch (IOException e) {
            LOG.debug("JIT compiler priority: cannot read {}: {}", file, e.toString());
            return null;
        }
    }

    private void rescanUntilClosed() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(RESCAN);
                int lowered = lowerNew();
                if (lowered > 0) {
                    LOG.debug("JIT compiler priority: {} new C2 compiler thread(s) at nice {}", lowered, nice);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        Thread running = rescans;
        if (running != null) {
            running.interrupt();
        }
    }
}
