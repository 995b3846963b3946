package io.thingcore.server.jit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizingCompilerPriorityTest {
    @TempDir
    Path tasks;

    /** Thread IDs and nice values a fake setpriority was asked for. */
    private final List<String> calls = new ArrayList<>();

    private final ThreadNice recording = (tid, nice) -> calls.add(tid + "=" + nice);

    /** A thread under the fake /proc/self/task, as the kernel shows it: comm ends in a newline, stat as proc(5). */
    private void thread(int tid, String comm, int nice) throws IOException {
        Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        Files.writeString(
                dir.resolve("stat"),
                tid + " (" + comm + ") S 1 1 1 0 -1 4194624 12 0 0 0 3 1 0 0 20 " + nice
                        + " 1 0 1234 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0\n");
    }

    @Test
    void lowersTheC2ThreadsAndNoOther() throws IOException {
        thread(101, "C2 CompilerThre", 0);
        thread(102, "C1 CompilerThre", 0);
        thread(103, "java", 0);
        thread(104, "C2 CompilerThre", 0);
        thread(105, "epollEventLoopG", 0);

        int lowered = OptimizingCompilerPriority.of(tasks, recording, 19).lowerNew();

        assertThat(lowered).isEqualTo(2);
        assertThat(calls).containsExactlyInAnyOrder("101=19", "104=19");
    }

    @Test
    void aThreadAlreadyAtOrBelowThePriorityIsLeftAlone() throws IOException {
        thread(101, "C2 CompilerThre", 19);
        thread(102, "C2 CompilerThre", 10);

        int lowered = OptimizingCompilerPriority.of(tasks, recording, 10).lowerNew();

        assertThat(lowered).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void aThreadThatEndedWhileListedIsSkipped() throws IOException {
        thread(101, "C2 CompilerThre", 0);
        Files.delete(tasks.resolve("101").resolve("stat"));
        thread(102, "C2 CompilerThre", 0);

        assertThat(OptimizingCompilerPriority.of(tasks, recording, 19).lowerNew())
                .isEqualTo(1);
        assertThat(calls).containsExactly("102=19");
    }

    @Test
    void aRefusalLeavesThatThreadAndTheOthersAreStillLoweredAndItIsNotTriedAgain() throws IOException {
        thread(101, "C2 CompilerThre", 0);
        thread(102, "C2 CompilerThre", 0);
        List<Integer> tried = new ArrayList<>();
        ThreadNice refusesOne = (tid, nice) -> {
            tried.add(tid);
            if (tid == 101) {
                throw new IOException("errno 1");
            }
        };
        OptimizingCompilerPriority priority = OptimizingCompilerPriority.of(tasks, refusesOne, 19);

        assertThat(priority.lowerNew()).isEqualTo(1);
        assertThat(tried).containsExactlyInAnyOrder(101, 102);
        // The next rescan: 102 still reads nice 0 in the fake /proc, 101 was refused and is left alone.
        tried.clear();
        assertThat(priority.lowerNew()).isEqualTo(1);
        assertThat(tried).containsExactly(102);
    }

    @Test
    void theNiceValueIsReadAfterACommandNameHoldingSpacesAndParentheses() throws IOException {
        thread(101, "a) b (c", 7);

        assertThat(OptimizingCompilerPriority.of(tasks, recording, 19).niceOf(101))
                .isEqualTo(7);
    }

    @Test
    void aNiceValueOutsideWhatLoweringMeansIsRefused() {
        assertThatThrownBy(() -> OptimizingCompilerPriority.lower(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizingCompilerPriority.lower(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The real setpriority(2): a thread of this JVM gets the nice value, and only that thread (Linux keeps it per
     * thread), read back from the real /proc.
     */
    @Test
    void setsTheNiceValueOfOneRealThread() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        ThreadNice real = ThreadNice.available();
        assumeTrue(real != null, () -> "setting a thread's nice value " + ThreadNice.unavailableReason());
        OptimizingCompilerPriority proc = OptimizingCompilerPriority.of(Path.of("/proc/self/task"), real, 19);
        CountDownLatch done = new CountDownLatch(1);
        int[] probeTid = new int[1];
        CountDownLatch started = new CountDownLatch(1);
        Thread probe = Thread.ofPlatform().name("tc-nice-probe").start(() -> {
            try {
                probeTid[0] = tidOf("tc-nice-probe");
            } catch (IOException e) {
                probeTid[0] = -1;
            }
            started.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        assertThat(probeTid[0]).as("the probe thread under /proc/self/task").isPositive();
        int self = tidOf(Thread.currentThread().getName());
        Integer selfBefore = self > 0 ? proc.niceOf(self) : null;
        try {
            real.set(probeTid[0], 7);

            assertThat(proc.niceOf(probeTid[0])).isEqualTo(7);
            if (selfBefore != null) {
                assertThat(proc.niceOf(self)).isEqualTo(selfBefore);
            }
        } finally {
            done.countDown();
            probe.join();
        }
    }

    /** The ID of this process's thread whose comm is {@code name} (cut to 15 bytes), or -1. */
    private static int tidOf(String name) throws IOException {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (var threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path thread : threads.toList()) {
                if (Files.readString(thread.resolve("comm")).strip().equals(comm)) {
                    return Integer.parseInt(thread.getFileName().toString());
                }
            }
        }
        return -1;
    }
}
