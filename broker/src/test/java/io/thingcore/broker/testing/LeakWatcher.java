package io.thingcore.broker.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects Netty's leak reports (logged by {@code io.netty.util.ResourceLeakDetector}) so tests can fail on them. */
public final class LeakWatcher extends AppenderBase<ILoggingEvent> {
    public static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLoggerName().startsWith("io.netty.util.ResourceLeakDetector")
                && event.getFormattedMessage().contains("LEAK")) {
            LEAKS.add(event.getFormattedMessage());
        }
    }
}
