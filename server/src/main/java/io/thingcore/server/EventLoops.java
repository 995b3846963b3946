package io.thingcore.server;

import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Makes "event loops never block" visible (docs/architecture.md, threads): every adapter through which the broker
 * reaches the database asserts that it is not running on a Netty event loop. Assertions are on in every test run
 * (Surefire and Failsafe enable them), so a blocking call that slips onto an event loop fails the test that exercises
 * it.
 */
final class EventLoops {
    private EventLoops() {}

    /** Always true, so that it can sit in an {@code assert}; throws when called on an event loop. */
    static boolean notOnEventLoop(String what) {
        if (ThreadExecutorMap.currentExecutor() instanceof EventLoop) {
            throw new AssertionError(what + " blocks on JDBC and ran on event loop "
                    + Thread.currentThread().getName());
        }
        return true;
    }
}
