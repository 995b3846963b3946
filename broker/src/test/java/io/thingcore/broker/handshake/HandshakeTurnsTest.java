package io.thingcore.broker.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The turns of one real NIO event loop, as the broker runs them. */
class HandshakeTurnsTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    /** Written and read on the loop only, then read by the test after {@link #done}. */
    private final List<String> order = new ArrayList<>();

    private final CountDownLatch done = new CountDownLatch(1);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aStepThatUsesTheTurnsTimeLetsTheLoopsOtherWorkRunBeforeTheNextStep() throws InterruptedException {
        loop.execute(() -> {
            HandshakeTurns turns = HandshakeTurns.of(loop);
            turns.waitTurn(
                    () -> {
                        order.add("step 1");
                        // As long as a handshake step that uses the whole turn.
                        LockSupport.parkNanos(HandshakeTurns.TURN_NANOS);
                        // What a connected client's packet would be: work that reached the loop during the step.
                        loop.execute(() -> order.add("a connected client's work"));
                    },
                    "10.0.0.1");
            turns.waitTurn(
                    () -> {
                        order.add("step 2");
                        done.countDown();
                    },
                    "10.0.0.1");
        });

        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("step 1", "a connected client's work", "step 2"), order);
    }

    @Test
    void sourcesTakeTurnsRoundRobinAndEachSourcesStepsKeepTheirOrder() throws InterruptedException {
        loop.execute(() -> {
            HandshakeTurns turns = HandshakeTurns.of(loop);
            // A reconnecting burst of three from one address, then one each from two others.
            for (int i = 1; i <= 3; i++) {
                String step = "busy " + i;
                turns.waitTurn(() -> order.add(step), "192.0.2.7");
            }
            turns.waitTurn(() -> order.add("device a"), "198.51.100.1");
            turns.waitTurn(
                    () -> {
                        order.add("device b");
                        loop.schedule(done::countDown, 10, TimeUnit.MILLISECONDS);
                    },
                    "198.51.100.2");
        });

        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("busy 1", "device a", "device b", "busy 2", "busy 3"), order);
    }

    @Test
    void aSourceBeyondItsBurstGetsAtMostItsShareOfTheLoop() throws InterruptedException {
        int steps = 60;
        long stepNanos = TimeUnit.MILLISECONDS.toNanos(1);
        long[] startedAt = new long[1];
        long[] finishedAt = new long[1];
        long[] spent = new long[1];
        loop.execute(() -> {
            HandshakeTurns turns = HandshakeTurns.of(loop);
            startedAt[0] = System.nanoTime();
            for (int i = 1; i <= steps; i++) {
                boolean last = i == steps;
                turns.waitTurn(
                        () -> {
                            long before = System.nanoTime();
                            LockSupport.parkNanos(stepNanos); // a handshake step of 1 ms
                            spent[0] += System.nanoTime() - before;
                            if (last) {
                                finishedAt[0] = System.nanoTime();
                                done.countDown();
                            }
                        },
                        "192.0.2.7");
            }
        });

        assertTrue(done.await(10, TimeUnit.SECONDS));
        // The source may overdraw its credit by one step; beyond its burst it earns the share of the time that passes.
        long elapsed = finishedAt[0] - startedAt[0];
        long earnedBeyondBurst = spent[0] - HandshakeTurns.BURST_NANOS - 2 * stepNanos;
        assertTrue(
                elapsed >= earnedBeyondBurst * 100 / HandshakeTurns.SOURCE_SHARE_PERCENT,
                "60 steps of 1 ms from one source took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void aSourceWithCreditIsServedBeforeOneThatSpentItsBurst() throws InterruptedException {
        loop.execute(() -> {
            HandshakeTurns turns = HandshakeTurns.of(loop);
            long burstSteps = HandshakeTurns.BURST_NANOS / TimeUnit.MILLISECONDS.toNanos(1);
            for (int i = 1; i <= burstSteps + 3; i++) {
                String step = "busy " + i;
                turns.waitTurn(
                        () -> {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                            order.add(step);
                        },
                        "192.0.2.7");
            }
            // Arrives once the busy source's credit is spent: it must not wait for the busy source's share.
            loop.schedule(
                    () -> turns.waitTurn(
                            () -> {
                                order.add("device");
                                loop.schedule(done::countDown, 100, TimeUnit.MILLISECONDS);
                            },
                            "198.51.100.1"),
                    HandshakeTurns.BURST_NANOS + TimeUnit.MILLISECONDS.toNanos(5),
                    TimeUnit.NANOSECONDS);
        });

        assertTrue(done.await(10, TimeUnit.SECONDS));
        int device = order.indexOf("device");
        assertTrue(device >= 0 && device < order.size() - 1, "order of steps: " + order);
    }

    @Test
    void aSourceThatIsDoneAndHasItsBurstBackIsForgotten() throws Exception {
        HandshakeTurns turns = loop.submit(() -> HandshakeTurns.of(loop)).get();
        loop.submit(() -> turns.waitTurn(() -> {}, "192.0.2.7")).get();
        assertEquals(1, (int) loop.submit(turns::rememberedSources).get());

        TimeUnit.MILLISECONDS.sleep(1_100);
        CountDownLatch stepped = new CountDownLatch(1);
        loop.execute(() -> turns.waitTurn(stepped::countDown, "198.51.100.1"));
        assertTrue(stepped.await(5, TimeUnit.SECONDS));

        assertEquals(1, (int) loop.submit(turns::rememberedSources).get());
    }

    @Test
    void eachLoopHasItsOwnTurns() throws Exception {
        EventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventLoop otherLoop = other.next();
            HandshakeTurns here = loop.submit(() -> HandshakeTurns.of(loop)).get();
            HandshakeTurns there =
                    otherLoop.submit(() -> HandshakeTurns.of(otherLoop)).get();
            assertTrue(here != there);
            assertTrue(here == loop.submit(() -> HandshakeTurns.of(loop)).get());
        } finally {
            other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
