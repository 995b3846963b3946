package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.testkit.tools.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run of the comparison ({@code thingcore bench compare --quick}, unpinned so that it leaves this test
 * JVM's CPU affinity alone): thingcore in its own process and mosquitto, every scenario, one round. It checks only that
 * every scenario produced a figure from both sides, never how fast anything was.
 */
class QuickComparisonTest {
    @TempDir
    Path out;

    @Test
    void everyScenarioHasAFigureFromBothBrokers() throws Exception {
        ExternalTools.require(MosquittoTarget.binary() != null, "mosquitto (apt-get install mosquitto)");

        // The compared scenarios and ota_blocks; the cold ones (three broker restarts) are left to the manual quick run
        // to keep the build's test time.
        List<Scenario> chosen = Arrays.stream(Scenario.values())
                .filter(s -> s.kind() != Scenario.Kind.COLD)
                .toList();
        // Smaller than the quick run, for build time: 40 connections instead of 100, 0.7 s windows instead of 2 s, and
        // a rate search of three short steps up from 250 msg/s with a 1 s p99 bound, so that even a broker on a busy
        // build machine meets a step and has a figure, which is all this test checks.
        Settings settings = Settings.quick(out)
                .withPin(false)
                .withScenarios(chosen)
                .withConnections(40)
                .withMeasure(Duration.ofMillis(700))
                .withRateSearch(new RateSearch(250, 2, 0, 0, 3, Duration.ofMillis(250), Duration.ofMillis(500), 1000));
        Report report = Comparison.run(settings, Log.to(System.out));

        assertThat(report.value(Scenario.OTA_BLOCKS, Comparison.THINGCORE)).isPositive();
        for (Scenario scenario : compared()) {
            for (String target : new String[] {Comparison.THINGCORE, Comparison.MOSQUITTO}) {
                assertThat(report.value(scenario, target))
                        .as("%s against %s", scenario.id(), target)
                        .isFinite();
                assertThat(report.median(scenario, target, Result::units))
                        .as("work done in %s against %s", scenario.id(), target)
                        .isGreaterThan(0);
            }
        }
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.has("date")).isTrue();
        assertThat(json.get("machine").has("cpu")).isTrue();
        for (Scenario scenario : compared()) {
            JsonNode figure = json.get("scenarios").get(scenario.id());
            assertThat(figure).as(scenario.id()).isNotNull();
            assertThat(figure.get("unit").asText()).isEqualTo(scenario.unit());
            assertThat(figure.get("thingcore").isNumber())
                    .as("%s thingcore", scenario.id())
                    .isTrue();
            assertThat(figure.get("mosquitto").isNumber())
                    .as("%s mosquitto", scenario.id())
                    .isTrue();
            assertThat(figure.get("ratio").isNumber())
                    .as("%s ratio", scenario.id())
                    .isTrue();
        }
        assertThat(json.get("machine_load")).isNotEmpty();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-quick.md"));
        }
    }

    private static List<Scenario> compared() {
        return Arrays.stream(Scenario.values())
                .filter(s -> s.kind() == Scenario.Kind.COMPARED)
                .toList();
    }
}
