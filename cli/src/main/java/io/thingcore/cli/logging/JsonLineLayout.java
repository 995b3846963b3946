package io.thingcore.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.format.DateTimeFormatter;

/**
 * One log event as one line of JSON: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message} and, when there is one, {@code exception} (the stack trace as one string). A
 * message cannot break out of its line: JSON string escaping turns line feeds and control characters into escapes.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"timestamp\":\"")
                .append(DateTimeFormatter.ISO_INSTANT.format(event.getInstant()))
                .append('"');
        field(line, "level", event.getLevel().toString());
        field(line, "logger", event.getLoggerName());
        field(line, "thread", event.getThreadName());
        field(line, "message", event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(line, "exception", ThrowableProxyUtil.asString(thrown));
        }
        return line.append("}\n").toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":\"");
        ESCAPE.quoteAsString(value == null ? "" : value, line);
        line.append('"');
    }
}
