package io.thingcore.broker.handshake;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The handshake steps waiting on one event loop: one turn per pass of the loop, steps given round-robin between
 * source addresses and first-come first-served within one, for at most {@link #TURN_NANOS} per turn.
 *
 * <p>A turn is a task scheduled with no delay. Netty moves due scheduled tasks into the task queue once at the start
 * of each task pass ({@code SingleThreadEventExecutor.runAllTasks}) and runs I/O before every task pass
 * ({@code SingleThreadIoEventLoop.run}), so a turn that schedules the next one yields to the loop's I/O in between:
 * a connected client's PUBLISH waits for at most one turn, however many connections are in the middle of their
 * handshakes. A step is what one read of a handshake flight costs the TLS engine (a ClientHello: key exchange and the
 * server's signature; the client's certificate flight: its signature check and the trust decision), about a quarter
 * of a millisecond; a turn gives at least one.
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

    /** The steps waiting from one source address, first come first served; never empty while listed. */
    private record Source(Object address, ArrayDeque<Step> waiting) {}

    /** The sources with a connection waiting, by address, each also once in {@link #round}. */
    private final Map<Object, Source> waitingBySource = new HashMap<>();

    /** The order in which the sources take turns. */
    private final ArrayDeque<Source> round = new ArrayDeque<>();

    private boolean turnScheduled;

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
        Source source = waitingBySource.get(address);
        if (source == null) {
            source = new Source(address, new ArrayDeque<>(2));
            waitingBySource.put(address, source);
            round.add(source);
        }
        source.waiting().add(step);
        scheduleTurn();
    }

    private void scheduleTurn() {
        if (!turnScheduled && !round.isEmpty()) {
            turnScheduled = true;
            loop.schedule(this::takeTurn, 0, TimeUnit.NANOSECONDS);
        }
    }

    /** Gives steps, each to the next source in the round, until the turn's time is used or nothing waits. */
    void takeTurn() {
        turnScheduled = false;
        long started = System.nanoTime();
        Source source;
        while ((source = round.poll()) != null) {
            Step step = source.waiting().poll();
            if (source.waiting().isEmpty()) {
                waitingBySource.remove(source.address());
            } else {
                round.add(source);
            }
            if (step != null) {
                step.takeTurn();
            }
            if (System.nanoTime() - started >= TURN_NANOS) {
                break;
            }
        }
        scheduleTurn();
    }
}
