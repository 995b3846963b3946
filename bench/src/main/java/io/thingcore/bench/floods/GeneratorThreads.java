package io.thingcore.bench.floods;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The threads of the bench's own clients. A flood's generator stands for an attacker on another host: it must not
 * take the two cores of the bench machine from the gateway and the probe, or the probe's p99 would measure the
 * generator's TLS work instead of the gateway's. Its threads therefore run under Linux's {@code SCHED_IDLE} policy
 * (sched(7)): they get only CPU time no other thread wants, and a waking gateway or probe thread preempts them at
 * once (nice 19 only lowers a thread's weight, and a thread woken behind it may still wait for its time slice). The
 * flood still runs at full strength on an otherwise idle core, and each report says how much it did. The probe's
 * threads keep the normal policy. The generator's JIT compiler and collector threads are the JVM's and keep theirs
 * (bench/results/floods-2026-12-03.md measured what that costs).
 *
 * <p>Linux applies a scheduling policy to one thread when given its thread id, and a process may move its own
 * threads to {@code SCHED_IDLE} without privileges; each generator thread moves itself before it runs anything.
 */
final class GeneratorThreads {
    private GeneratorThreads() {}

    /** A daemon thread at normal priority, for the probe. */
    static Thread probe(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A daemon thread under {@code SCHED_IDLE}, for a flood's scheduler. */
    static Thread flood(Runnable task, String name) {
        return probe(lowered(task), name);
    }

    /** One event loop under {@code SCHED_IDLE}, for the floods' connections. */
    static EventLoopGroup floodLoop() {
        DefaultThreadFactory factory = new DefaultThreadFactory("flood-client", true) {
            @Override
            protected Thread newThread(Runnable task, String name) {
                return super.newThread(lowered(task), name);
            }
        };
        return new MultiThreadIoEventLoopGroup(1, factory, NioIoHandler.newFactory());
    }

    private static Runnable lowered(Runnable task) {
        return () -> {
            lowerOwnPriority();
            task.run();
        };
    }

    /**
     * Moves the calling thread to {@code SCHED_IDLE} ({@code chrt --idle -p 0 <tid>}). Fails loudly where that is
     * impossible: a generator at normal priority competes with the gateway for the cores and the figures would blame
     * the gateway for it.
     */
    private static void lowerOwnPriority() {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>" for the thread that reads it.
            String threadId = Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString();
            Process chrt = new ProcessBuilder("chrt", "--idle", "-p", "0", threadId)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (chrt.waitFor() != 0) {
                throw new IllegalStateException("chrt of the flood generator's thread failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot lower the flood generator's priority (Linux with chrt is needed): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while lowering the flood generator's priority", e);
        }
    }
}
