package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.tools.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of {@code thingcore bench floor --quick}, unpinned so that it leaves this test JVM's CPU affinity alone:
 * thingcore, the floor broker and mosquitto each carry every message scenario, and the table is written. It checks
 * only that each broker did the work and has a figure, never how fast anything was.
 */
class FloorComparisonTest {
    @TempDir
    Path out;

    @Test
    void theFloorBrokerCarriesEveryMessageScenarioBesideThingcoreAndMosquitto() throws Exception {
        ExternalTools.require(MosquittoTarget.binary() != null, "mosquitto (apt-get install mosquitto)");
        Settings settings = Settings.quick(out)
                .withPin(false)
                .withScenarios(FloorComparison.MESSAGE_SCENARIOS)
                .withConnections(40)
                .withMeasure(Duration.ofMillis(700));

        Map<Scenario, Map<String, List<Result>>> results = FloorComparison.run(settings, Log.to(System.out));

        assertThat(results).containsOnlyKeys(FloorComparison.MESSAGE_SCENARIOS);
        results.forEach((scenario, perTarget) -> {
            assertThat(perTarget).containsOnlyKeys("thingcore", "floor", "mosquitto");
            perTarget.forEach((target, rounds) -> {
                Result r = rounds.get(0);
                assertThat(r.value())
                        .as("%s against %s", scenario.id(), target)
                        .isFinite()
                        .isPositive();
                assertThat(r.units())
                        .as("work done in %s against %s", scenario.id(), target)
                        .isPositive();
                assertThat(r.failed())
                        .as("failed in %s against %s", scenario.id(), target)
                        .isZero();
            });
        });
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("floor-"));
        }
    }
}
