package io.thingcore.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-file} and {@code --log-format} as a log shipper sees them: one JSON object per line, a message that
 * cannot break its line, the audit logger's lines among them, and a file that rolls over by size. Each test has its
 * own logback context, so the suite's logging is untouched.
 */
class LogOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void start() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives the real context
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void jsonFormatWritesOneObjectPerLineToTheFile() throws Exception {
        Path file = dir.resolve("thingcore.log");
        LogOutput.configure(context, LogOutput.Format.JSON, file);
        Logger audit = context.getLogger("thingcore.audit");
        audit.info("write: who={} what=CreateThing /things/DIC_2 result=200", "AKIAEXAMPLE");
        context.getLogger("io.thingcore.broker.MqttBroker")
                .warn("client 'a\nINFO forged' said \"hi\"", new IllegalStateException("boom"));
        context.stop(); // flushes the asynchronous appenders

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("logger").asText()).isEqualTo("thingcore.audit");
        assertThat(first.path("message").asText())
                .isEqualTo("write: who=AKIAEXAMPLE what=CreateThing /things/DIC_2 result=200");
        assertThat(first.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(first.has("thread")).isTrue();
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.path("level").asText()).isEqualTo("WARN");
        assertThat(second.path("message").asText()).isEqualTo("client 'a\nINFO forged' said \"hi\"");
        assertThat(second.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom");
    }

    @Test
    void textFormatWritesDatedLinesAndRollsTheFileOverBySizeKeepingFiveOldFiles() throws Exception {
        Path file = dir.resolve("thingcore.log");
        // The production limit is 10 MB, checked once a second; 100 kB checked on every line keeps the test small.
        LogOutput.configure(
                context, LogOutput.Format.TEXT, file, FileSize.valueOf("100KB"), Duration.buildByMilliseconds(0));
        Logger logger = context.getLogger("io.thingcore.server.Gateway");
        String filler = "x".repeat(1000);
        for (int i = 0; i < 800; i++) {
            logger.info("line {} {}", i, filler);
            if (i % 100 == 0) {
                Thread.sleep(20); // the asynchronous appender drops lines when its queue is full, by design
            }
        }
        context.stop();

        for (int i = 1; i <= LogOutput.KEPT_FILES; i++) {
            assertThat(Files.size(dir.resolve("thingcore.log." + i))).isBetween(100_000L, 110_000L);
        }
        assertThat(dir.resolve("thingcore.log.6")).doesNotExist();
        assertThat(Files.readAllLines(file).get(0))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[main]"
                        + " io.thingcore.server.Gateway - line \\d+ x+");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheOption() {
        assertThat(LogOutput.Format.parse("JSON")).isEqualTo(LogOutput.Format.JSON);
        assertThatThrownBy(() -> LogOutput.Format.parse("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--log-format must be text or json, got 'xml'");
    }
}
