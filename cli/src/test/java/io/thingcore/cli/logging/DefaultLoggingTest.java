package io.thingcore.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's logging before any option is read, as the packaged XML file gave it: text lines on stderr, Netty's
 * and HikariCP's INFO chatter left out, the root level from {@code THINGCORE_LOG_LEVEL}. Each test has its own
 * logback context.
 */
class DefaultLoggingTest {
    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void start() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void theDefaultWritesTextLinesToStderrAndLeavesOutNettysInfoLines() {
        LogOutput.configureDefault(context, null);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.getLogger("io.thingcore.broker.MqttBroker").info("MQTT broker listening on {}", "127.0.0.1:8883");
            context.getLogger("io.netty.handler.ssl.SslHandler").info("not shown");
            context.getLogger("io.netty.handler.ssl.SslHandler").warn("shown");
            context.getLogger("com.zaxxer.hikari.HikariDataSource").info("not shown either");
            context.getLogger("io.thingcore.Anything").debug("below INFO");
            context.stop(); // writes what the asynchronous appender queued
        } finally {
            System.setErr(stderr);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  i\\.t\\.broker\\.MqttBroker - MQTT broker listening"
                        + " on 127\\.0\\.0\\.1:8883");
        assertThat(lines[1]).endsWith("WARN  i.n.h.ssl.SslHandler - shown");
    }

    @Test
    void theEventLoopsNeverWaitOnStderr() {
        LogOutput.configureDefault(context, null);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        AsyncAppender async = (AsyncAppender) root.getAppender("ASYNC-STDERR");
        assertThat(async.isStarted()).isTrue();
        assertThat(async.isNeverBlock()).isTrue();
        assertThat(async.getQueueSize()).isEqualTo(8192);
        assertThat(async.getDiscardingThreshold()).isZero();
    }

    @Test
    void theLevelVariableSetsTheRootLevelAndAnUnknownNameMeansInfo() {
        LogOutput.configureDefault(context, "debug");
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);

        LoggerContext other = new LoggerContext();
        LogOutput.configureDefault(other, "verbose");
        assertThat(other.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        other.stop();
    }

    @Test
    void stepsAsideForALogbackTestXmlOnTheClassPath() {
        // This module's tests have one (src/test/resources), as every module's do: logback then reads it.
        DefaultLogging configurator = new DefaultLogging();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME)
                        .iteratorForAppenders()
                        .hasNext())
                .isFalse();
    }
}
