package io.thingcore.broker.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects Netty's leak reports (logged by {@code io.netty.util.ResourceLeakDetector}) so tests can fail on them. */
public final class LeakWatcher extends AppenderBase<ILoggingEvent> {
    public static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    /**
     * Fails when Netty reported a leaked buffer. Paranoid leak detection reports a leak only when it polls its
     * reference queue on a later allocation after the buffer was collected: so collect, allocate, then check.
     */
    public static void assertNoLeaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            ByteBufAllocator.DEFAULT.buffer(16).release();
        }
        if (!LEAKS.isEmpty()) {
            throw new AssertionError("Netty reported leaked buffers: " + LEAKS);
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLoggerName().startsWith("io.netty.util.ResourceLeakDetector")
                && event.getFormattedMessage().contains("LEAK")) {
            LEAKS.add(event.getFormattedMessage());
        }
    }
}
