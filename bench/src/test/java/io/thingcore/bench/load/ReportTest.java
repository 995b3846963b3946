package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the results files say about a scaling run, from made-up figures (no broker runs). */
class ReportTest {
    @TempDir
    Path out;

    private static Result figure(double value, double cpuPerUnit) {
        return new Result(value, 1000, cpuPerUnit, 10_000, 0, 0.4, 100_000, 1, 2, 3, 4);
    }

    /** thingcore at 1,000 (CPU 10 per unit) and mosquitto at 800 in every scenario, three rounds each. */
    private static Map<Scenario, Map<String, List<Result>>> rounds() {
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            Map<String, List<Result>> perTarget = new LinkedHashMap<>();
            perTarget.put(Comparison.THINGCORE, List.of(figure(900, 11), figure(1000, 10), figure(1100, 9)));
            perTarget.put(Comparison.MOSQUITTO, List.of(figure(800, 8), figure(800, 8), figure(800, 8)));
            results.put(s, perTarget);
        }
        return results;
    }

    private static Report report(Report.Scaling scaling) {
        return new Report("2026-01-01", Map.of("cpu", "test"), Settings.full(null), true, rounds(), scaling);
    }

    @Test
    void aScalingRunIsComparedWithTheOneCoreMediansInLatestJsonAndTheMarkdown() throws Exception {
        Map<Scenario, Result> twoCores = new EnumMap<>(Scenario.class);
        twoCores.put(Scenario.P2P_QOS1, figure(1500, 12));
        twoCores.put(Scenario.MAX_RATE_P99, figure(2500, 9));

        report(new Report.Scaling(2, twoCores)).write(out);

        JsonNode scaling = new ObjectMapper()
                .readTree(Files.readString(out.resolve("latest.json")))
                .get("scaling");
        assertThat(scaling.get("cores").asInt()).isEqualTo(2);
        JsonNode p2p = scaling.get("scenarios").get("p2p_qos1");
        assertThat(p2p.get("one_core").asDouble()).isEqualTo(1000);
        assertThat(p2p.get("all_cores").asDouble()).isEqualTo(1500);
        assertThat(p2p.get("ratio").asDouble()).isEqualTo(1.5);
        assertThat(p2p.get("cpu_per_unit_one_core").asDouble()).isEqualTo(10);
        assertThat(p2p.get("cpu_per_unit_all_cores").asDouble()).isEqualTo(12);
        assertThat(scaling.get("scenarios").get("max_rate_p99").get("ratio").asDouble())
                .isEqualTo(2.5);
        assertThat(scaling.get("scenarios").has("connect")).isFalse();

        String markdown = Files.readString(out.resolve("2026-01-01.md"));
        assertThat(markdown).contains("## thingcore on 2 cores (unpinned) vs 1 core");
        assertThat(markdown).containsPattern("\\| p2p_qos1 +\\| msgs/s +\\| +1,000 \\| +1,500 \\| +1\\.50 \\|");
    }

    @Test
    void withoutAScalingRunThereIsNoScalingKeyOrSection() throws Exception {
        report(null).write(out);

        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.has("scaling")).isFalse();
        assertThat(json.get("run").get("scaling").asBoolean()).isFalse();
        assertThat(json.get("scenarios").get("max_rate_p99").get("unit").asText())
                .isEqualTo("msgs/s");
        assertThat(Files.readString(out.resolve("2026-01-01.md"))).doesNotContain("vs 1 core");
    }
}
