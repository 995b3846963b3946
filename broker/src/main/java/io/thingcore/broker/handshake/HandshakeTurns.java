package io.thingcore.broker.handshake;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The handshake steps waiting on one event loop: one turn per pass of the loop, steps given round-robin between
 * source addresses and first-come first-served within one, for at most {@link #TURN_NANOS} per turn, and no source
 * address given more than {@link #SOURCE_SHARE_PERCENT} percent of the loop's time once its burst is spent.
 *
 * <p>A turn is a task scheduled with no delay. Netty moves due scheduled tasks into the task queue once at the start
 * of each task pass ({@code SingleThreadEventExecutor.runAllTasks}) and runs I/O before every task pass
 * ({@code SingleThreadIoEventLoop.run}), so a turn that schedules the next one yields to the loop's I/O in between:
 * a connected client's PUBLISH waits for at most one turn, however many connections are in the middle of their
 * handshakes. A step is what one read of a handshake flight costs the TLS engine (a ClientHello: key exchange and the
 * server's signature; the client's certificate flight: its signature check and the trust decision), about a quarter
 * of a millisecond; a turn gives at least one.
 *
 * <p>The share per source (docs/adr/0018-handshake-pacing.md, "Share per source"): turns alone keep a connected
 * client's packets from queueing behind handshakes, but a thousand handshakes from one host still keep the loop busy
 * for the half second they cost, and the gateway's connected clients then wait for the CPU the loop's thread holds.
 * Each source has a credit of loop time that its steps spend (measured) and that grows back at
 * {@link #SOURCE_SHARE_PERCENT} percent of the time that passes, up to {@link #BURST_NANOS}: a device or a small fleet
 * behind one address connects at full speed, a storm from one address gets at most that share of the loop, and the
 * loop's thread is idle for the rest unless others need it.
 *
 * <p>Confined to its event loop's thread.
 */
public final class HandshakeTurns {
    /**
     * The time a turn may give steps, once the first step is given: about one full handshake step, so the wait a
     * connected client can see stays under half a millisecond, while a loop whose passes are long (many connected
     * clients sending) still gives handshakes a few steps per pass instead of one.
     */
    static final long TURN_NANOS = 200_000;

    /**
     * The share of a loop's time one source address may use for handshakes beyond its burst: about 1,100 full
     * mutual-TLS handshakes per second per loop at 0.45 ms of CPU each, more than AWS IoT's default quota of 500
     * connect requests per second per account.
     */
    static final int SOURCE_SHARE_PERCENT = 50;

    /** The loop time a source that has been quiet may use at once: about 40 handshakes. */
    static final long BURST_NANOS = 20_000_000;

    /** How often sources that wait for nothing and have their full burst back are forgotten. */
    private static final long FORGET_EVERY_NANOS = 1_000_000_000;

    private static final FastThreadLocal<HandshakeTurns> PER_LOOP = new FastThreadLocal<>();

    private final EventLoop loop;
    /**
     * What waits for a turn: a connection's next handshake step, or other work for a connection that has not been
     * admitted yet (closing it when it sent no CONNECT in time).
     */
    public interface Step {
        void takeTurn();
    }

    /** Sources whose address is unknown (not an IP socket) share one place in the round. */
    private static final Object UNKNOWN_SOURCE = new Object();

    /** One source address: its steps waiting (first come first served) and its credit of loop time. */
    private static final class Source {
        final Object address;
        final ArrayDeque<Step> waiting = new ArrayDeque<>(2);
        /** In {@link #round}: exactly while something waits. */
        boolean inRound;

        long creditNanos = BURST_NANOS;
        long creditAt;

        Source(Object address, long now) {
            this.address = address;
            this.creditAt = now;
        }

        void earnCredit(long now) {
            long earned = (now - creditAt) * SOURCE_SHARE_PERCENT / 100;
            creditNanos = Math.min(BURST_NANOS, creditNanos + earned);
            creditAt = now;
        }

        /** How long until its credit is positive again (it earns {@link #SOURCE_SHARE_PERCENT}% of the time). */
        long nanosUntilCredit() {
            return creditNanos > 0 ? 0 : (-creditNanos * 100 / SOURCE_SHARE_PERCENT) + 1;
        }
    }

    /** Every source with a step waiting or with credit still to earn back, by address. */
    private final Map<Object, Source> sources = new HashMap<>();

    /** The order in which the sources with a step waiting take turns. */
    private final ArrayDeque<Source> round = new ArrayDeque<>();

    private @Nullable ScheduledFuture<?> nextTurn;
    private long nextTurnAt;
    private long forgottenAt = System.nanoTime();

    HandshakeTurns(EventLoop loop) {
        this.loop = loop;
    }

    /** The turns of the loop this thread runs; called on a channel's event loop only. */
    public static HandshakeTurns of(EventLoop loop) {
        HandshakeTurns turns = PER_LOOP.get();
        if (turns == null || turns.loop != loop) {
            turns = new HandshakeTurns(loop);
            PER_LOOP.set(turns);
        }
        return turns;
    }

    /** Queues {@code step} for {@code channel}, on its event loop, behind the others from the same source address. */
    public static void waitTurn(Channel channel, Step step) {
        of(channel.eventLoop()).waitTurn(step, sourceOf(channel));
    }

    /** The address a channel's turns are counted under: its peer's IP address. */
    static Object sourceOf(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress()
                : UNKNOWN_SOURCE;
    }

    /** Queues {@code step} behind the others from {@code address}; it is called back once, in its turn. */
    void waitTurn(Step step, Object address) {
        long now = System.nanoTime();
        Source source = sources.get(address);
        if (source == null) {
            source = new Source(address, now);
            sources.put(address, source);
        }
        source.waiting.add(step);
        if (!source.inRound) {
            source.inRound = true;
            round.add(source);
        }
        source.earnCredit(now);
        scheduleTurn(now, source.nanosUntilCredit());
    }

    /** Makes sure a turn comes within {@code delay}: keeps an earlier one, moves a later one forward. */
    private void scheduleTurn(long now, long delay) {
        long at = now + delay;
        if (nextTurn != null) {
            if (nextTurnAt <= at) {
                return;
            }
            nextTurn.cancel(false);
        }
        nextTurnAt = at;
        nextTurn = loop.schedule(this::takeTurn, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Gives steps, each to the next source in the round that has credit, until the turn's time is used, nothing waits
     * or every waiting source has spent its credit; then schedules the next turn for when one can go on.
     */
    void takeTurn() {
        nextTurn = null;
        long started = System.nanoTime();
        long now = started;
        int withoutCredit = 0;
        long wait = Long.MAX_VALUE;
        Source source;
        while (withoutCredit < round.size() && (source = round.poll()) != null) {
            source.earnCredit(now);
            if (source.creditNanos <= 0) {
                round.add(source);
                withoutCredit++;
                wait = Math.min(wait, source.nanosUntilCredit());
                continue;
            }
            withoutCredit = 0;
            wait = Long.MAX_VALUE;
            Step step = source.waiting.poll();
            if (source.waiting.isEmpty()) {
                source.inRound = false;
            } else {
                round.add(source);
            }
            if (step != null) {
                step.takeTurn();
            }
            long stepped = System.nanoTime();
            source.creditNanos -= stepped - now;
            source.creditAt = stepped;
            now = stepped;
            if (now - started >= TURN_NANOS) {
                wait = 0;
                break;
            }
        }
        forgetIdleSources(now);
        if (!round.isEmpty()) {
            scheduleTurn(now, wait == Long.MAX_VALUE ? 0 : wait);
        }
    }

    /** Forgets the sources that wait for nothing and have earned their whole burst back: they start afresh anyway. */
    private void forgetIdleSources(long now) {
        if (now - forgottenAt < FORGET_EVERY_NANOS) {
            return;
        }
        forgottenAt = now;
        sources.values().removeIf(source -> {
            if (source.inRound) {
                return false;
            }
            source.earnCredit(now);
            return source.creditNanos >= BURST_NANOS;
        });
    }

    /** How many source addresses this loop remembers (waiting, or still earning credit back); for tests. */
    int rememberedSources() {
        return sources.size();
    }
}
