package io.thingcore.broker.testing;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes "event loops never block" visible (issue 3): every blocking-capable SPI call of the test doubles (session
 * store reads and writes, JITR registration) goes through {@link #check}, which records a violation when it runs on
 * a Netty thread (event loops are {@link FastThreadLocalThread}s). Tests assert {@link #VIOLATIONS} stays empty.
 */
public final class NonBlocking {
    public static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    private NonBlocking() {}

    public static void check(String what) {
        Thread thread = Thread.currentThread();
        if (thread instanceof FastThreadLocalThread || FastThreadLocalThread.currentThreadHasFastThreadLocal()) {
            VIOLATIONS.add(what + " on " + thread.getName());
        }
    }
}
