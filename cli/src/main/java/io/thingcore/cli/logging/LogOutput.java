package io.thingcore.cli.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The root logger's appenders: text on stderr from the start ({@link DefaultLogging}), replaced by what the options
 * ask for: stderr in the chosen format, plus a rotated file when {@code --log-file} is given. Each destination sits
 * behind its own non-blocking {@link AsyncAppender}: event loops log connects, disconnects and refusals and must never
 * wait on stderr or a disk (a slow reader of the gateway's output would stall MQTT traffic), so 8,192 lines wait at
 * most and further lines are dropped. What is queued is written at exit by the command itself, after the gateway's
 * last line (logback's own shutdown hook would run beside the gateway's and could stop logging first). The file rolls over at {@link #MAX_FILE_SIZE}, keeping
 * {@link #KEPT_FILES} older files ({@code FILE.1} newest .. {@code FILE.5} oldest).
 */
public final class LogOutput {
    static final String MAX_FILE_SIZE = "10MB";
    static final int KEPT_FILES = 5;
    /**
     * How often the file's size is looked at (logback's default is 60 s, long enough for a burst to write far past
     * the limit); a length check once a second costs nothing measurable.
     */
    static final Duration SIZE_CHECK_INTERVAL = Duration.buildBySeconds(1);

    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    /** The file gets the date too: a log file outlives the day it was started. */
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    /** {@code --log-format}. */
    public enum Format {
        TEXT,
        JSON;

        /** @throws IllegalArgumentException naming the option and its values */
        public static Format parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--log-format must be text or json, got '" + value + "'", e);
            }
        }
    }

    private LogOutput() {}

    /**
     * The default before any option is read: text on stderr, Netty's and HikariCP's loggers at WARN (their INFO lines
     * are start-up chatter), the root at {@code level} (INFO when null or not a level name).
     */
    static void configureDefault(LoggerContext context, @Nullable String level) {
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(stderr(context, Format.TEXT));
    }

    /** Configures {@code context}'s root logger; a no-op for text on stderr without a file (the default). */
    public static void configure(LoggerContext context, Format format, @Nullable Path file) {
        configure(context, format, file, FileSize.valueOf(MAX_FILE_SIZE), SIZE_CHECK_INTERVAL);
    }

    static void configure(
            LoggerContext context, Format format, @Nullable Path file, FileSize maxFileSize, Duration sizeCheck) {
        if (format == Format.TEXT && file == null) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr(context, format));
        if (file != null) {
            root.addAppender(async(
                    context,
                    "ASYNC-FILE",
                    rollingFile(context, file, maxFileSize, sizeCheck),
                    layout(context, format, FILE_PATTERN)));
        }
    }

    private static Appender<ILoggingEvent> stderr(LoggerContext context, Format format) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setTarget("System.err");
        return async(context, "ASYNC-STDERR", stderr, layout(context, format, TEXT_PATTERN));
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(
            LoggerContext context, Path file, FileSize maxFileSize, Duration sizeCheck) {
        String name = file.toAbsolutePath().toString();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setFile(name);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(name + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(maxFileSize);
        trigger.setCheckIncrement(sizeCheck);
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        rolling.start();
        trigger.start();
        return appender;
    }

    private static Layout<ILoggingEvent> layout(LoggerContext context, Format format, String pattern) {
        Layout<ILoggingEvent> layout;
        if (format == Format.JSON) {
            layout = new JsonLineLayout();
        } else {
            PatternLayout text = new PatternLayout();
            text.setPattern(pattern);
            layout = text;
        }
        layout.setContext(context);
        layout.start();
        return layout;
    }

    private static Appender<ILoggingEvent> async(
            LoggerContext context,
            String name,
            OutputStreamAppender<ILoggingEvent> target,
            Layout<ILoggingEvent> layout) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();
        target.setContext(context);
        target.setName(name.substring("ASYNC-".length()));
        target.setEncoder(encoder);
        target.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(name);
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(target);
        async.start();
        return async;
    }
}
