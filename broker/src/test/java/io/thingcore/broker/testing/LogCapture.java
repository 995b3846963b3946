package io.thingcore.broker.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The lines one class logs while it is open, as {@code LEVEL message}; thread-safe, so lines logged on event loops are
 * seen by the test thread once the operation that logs them has completed.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    /** Captures what {@code source} logs at INFO and above. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source.getName());
    }

    /** Captures what the loggers under {@code name} (a class or package name) log at INFO and above. */
    public static LogCapture named(String name) {
        return new LogCapture(name);
    }

    /** Captures what every class of the broker logs at INFO and above. */
    public static LogCapture ofBroker() {
        return new LogCapture("io.thingcore.broker");
    }

    /** Every captured line, as {@code LEVEL message}. */
    public List<String> all() {
        return List.copyOf(lines);
    }

    /** The captured lines at {@code level}. */
    public List<String> at(Level level) {
        String prefix = level + " ";
        return lines.stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .toList();
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(event.getLevel() + " " + event.getFormattedMessage());
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
