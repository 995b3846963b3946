package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the results files say about a scaling run, the rounds' stability and the machine's load, from made-up figures
 * (no broker runs).
 */
class ReportTest {
    @TempDir
    Path out;

    private static Result figure(double value, double cpuPerUnit) {
        return new Result(value, 1000, cpuPerUnit, 10_000, 0, 0.4, 100_000, 1, 2, 3, 4, Result.NO_PROBE);
    }

    /** thingcore at 1,000 (CPU 10 per unit) and mosquitto at 800 in every scenario, three rounds each. */
    private static Map<Scenario, Map<String, List<Result>>> rounds() {
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            if (s.kind() != Scenario.Kind.COMPARED) {
                continue;
            }
            Map<String, List<Result>> perTarget = new LinkedHashMap<>();
            perTarget.put(Comparison.THINGCORE, List.of(figure(900, 11), figure(1000, 10), figure(1100, 9)));
            perTarget.put(Comparison.MOSQUITTO, List.of(figure(800, 8), figure(800, 8), figure(800, 8)));
            results.put(s, perTarget);
        }
        return results;
    }

    private static final List<MachineLoad.Window> LOAD = List.of(
            new MachineLoad.Window("round 1", 0.02, 2.5, 3.0, List.of(130.0, 128.4)),
            new MachineLoad.Window("whole run", 0.031, 2.75, 6.5, List.of()));

    private static Report report(Report.Scaling scaling) {
        return report(rounds(), scaling);
    }

    private static Report report(Map<Scenario, Map<String, List<Result>>> results, Report.Scaling scaling) {
        return new Report(
                "2026-01-01", Map.of("cpu", "test"), Settings.full(null), true, results, scaling, LOAD, "none");
    }

    @Test
    void eachFigureShowsItsRoundsAndSpreadAndIsMarkedUnstableBeyond15Percent() throws Exception {
        // thingcore: 900 / 1,000 / 1,100 -> spread 20% (unstable); mosquitto: 800 x 3 -> 0%.
        Report report = report(null);
        assertThat(report.spread(Scenario.P2P_QOS1, Comparison.THINGCORE)).isCloseTo(0.20, within(1e-9));
        assertThat(report.unstable(Scenario.P2P_QOS1, Comparison.THINGCORE)).isTrue();
        assertThat(report.unstable(Scenario.P2P_QOS1, Comparison.MOSQUITTO)).isFalse();
        assertThat(report.roundRatios(Scenario.P2P_QOS1, Comparison.THINGCORE)).containsExactly(1.125, 1.25, 1.375);
        assertThat(report.table())
                .containsPattern(
                        "\\| p2p_qos1 .*\\| 1\\.13 / 1\\.25 / 1\\.38 +\\| 900 / 1,000 / 1,100 \\(20%\\) unstable"
                                + " +\\| 800 / 800 / 800 \\(0%\\) +\\|");
        assertThat(report.targets()).anyMatch(line -> line.startsWith("MISSED") && line.contains("p2p_qos1/thingcore"));

        report.write(out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        JsonNode details = json.get("details").get("p2p_qos1");
        assertThat(details.get("thingcore").get("spread").asDouble()).isEqualTo(0.2);
        assertThat(details.get("thingcore").get("unstable").asBoolean()).isTrue();
        assertThat(details.get("mosquitto").get("unstable").asBoolean()).isFalse();
        assertThat(json.get("scenarios").get("p2p_qos1").get("unstable").asBoolean())
                .isTrue();
        assertThat(json.get("scenarios").get("p2p_qos1").get("ratio_rounds").toString())
                .isEqualTo("[1.125,1.25,1.375]");
        assertThat(json.get("unstable_figures").toString()).contains("p2p_qos1/thingcore");
    }

    @Test
    void roundsWithin15PercentAreStableAndASingleRoundHasNoSpread() {
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        Map<String, List<Result>> perTarget = new LinkedHashMap<>();
        perTarget.put(Comparison.THINGCORE, List.of(figure(1000, 10), figure(1070, 10), figure(930, 10)));
        perTarget.put(Comparison.MOSQUITTO, List.of(figure(800, 8)));
        results.put(Scenario.CONNECT, perTarget);

        Report report = report(results, null);

        assertThat(report.spread(Scenario.CONNECT, Comparison.THINGCORE)).isCloseTo(0.14, within(1e-9));
        assertThat(report.unstable(Scenario.CONNECT, Comparison.THINGCORE)).isFalse();
        assertThat(report.spread(Scenario.CONNECT, Comparison.MOSQUITTO)).isNaN();
        assertThat(report.unstableFigures()).isEmpty();
        assertThat(report.roundsCell(Scenario.CONNECT, Comparison.MOSQUITTO)).isEqualTo("800");
        assertThat(report.targets()).anyMatch(line -> line.startsWith("met") && line.contains("none"));
    }

    /** thingcore's and mosquitto's rounds of {@code scenario}: one figure and CPU per unit per round. */
    private static void put(
            Map<Scenario, Map<String, List<Result>>> results,
            Scenario scenario,
            double[] thingcore,
            double thingcoreCpu,
            double[] mosquitto,
            double mosquittoCpu) {
        Map<String, List<Result>> perTarget = new LinkedHashMap<>();
        perTarget.put(
                Comparison.THINGCORE,
                Arrays.stream(thingcore).mapToObj(v -> figure(v, thingcoreCpu)).toList());
        perTarget.put(
                Comparison.MOSQUITTO,
                Arrays.stream(mosquitto).mapToObj(v -> figure(v, mosquittoCpu)).toList());
        results.put(scenario, perTarget);
    }

    @Test
    void issue14sTargetsSayMetMissedOrNotRunAndNameTheRoundsBehindMosquitto() throws Exception {
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        put(results, Scenario.CONNECT, new double[] {3000, 3000, 3000}, 0.31, new double[] {600, 600, 600}, 0.9);
        put(results, Scenario.P2P_QOS1, new double[] {250, 250, 250}, 6, new double[] {100, 100, 100}, 16);
        // Fan-in 1.3x over the median, but behind mosquitto in round 2; less CPU per message than mosquitto.
        put(results, Scenario.FANIN_QOS1, new double[] {130, 90, 130}, 9, new double[] {100, 100, 100}, 12);
        put(results, Scenario.FANOUT_QOS0, new double[] {220, 220, 220}, 3, new double[] {100, 100, 100}, 7);
        // p99: lower is better, so 0.6 against 0.5 ms is behind in every round and above 0.8x.
        put(results, Scenario.LATENCY_P99_MS, new double[] {0.6, 0.6, 0.6}, 60, new double[] {0.5, 0.5, 0.5}, 55);
        // The rate under the bound at 3x, but its rounds 20% apart.
        put(results, Scenario.MAX_RATE_P99, new double[] {90, 100, 110}, 10, new double[] {33, 33, 33}, 20);
        put(results, Scenario.IDLE_KB_PER_CONN, new double[] {7.9, 7.8, 8.0}, 0, new double[] {19, 19, 19}, 0);

        Report report = report(results, null);
        List<String> targets = report.targets();

        assertThat(targets)
                .contains(
                        "MISSED  every figure at least mosquitto's in every round: behind in fanin_qos1 round 2 0.90x,"
                                + " latency_p99_ms round 1 1.20x, latency_p99_ms round 2 1.20x, latency_p99_ms round 3"
                                + " 1.20x",
                        "met     fan-in QoS 1 broker CPU per message <= mosquitto's: 9.00 against 12.0 ms per 1,000"
                                + " msgs",
                        "MISSED  rate under the p99 bound >= 1.5x, its rounds within 15%: 3.03x, 20% apart",
                        "not run cold_connect (AOT cache) >= 1.0x mosquitto: n/a",
                        "met     broker CPU <= 0.40 ms per mutual-TLS connection (a full handshake): 0.310 ms",
                        "MISSED  p99 at 1000 msg/s <= 0.8x mosquitto's: 1.20x (0.600 against 0.500 ms)",
                        "met     idle memory <= 8 KB per mutual-TLS connection at 19000 connections (marginal RSS):"
                                + " 7.90 KB",
                        "MISSED  every throughput scenario >= 2.0x: connect 5.00x, p2p_qos1 2.50x, fanin_qos1 1.30x,"
                                + " fanout_qos0 2.20x",
                        "MISSED  no figure whose rounds disagree by more than 15%: fanin_qos1/thingcore,"
                                + " max_rate_p99/thingcore");

        report.write(out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.get("targets")).hasSize(targets.size());
        assertThat(json.get("targets").get(0).asText()).startsWith("MISSED  every figure");
        assertThat(Files.readString(out.resolve("2026-01-01.md")))
                .contains("## Targets of issue 14\n\n- MISSED  every figure at least mosquitto's");
    }

    private static Result figure(double value, double cpuPerUnit, double generatorCpuShare) {
        return new Result(value, 1000, cpuPerUnit, 10_000, 0, generatorCpuShare, 100_000, 1, 2, 3, 4, Result.NO_PROBE);
    }

    @Test
    void aFigureWhoseGeneratorRanAtNinetyPercentOfItsCoreIsMarkedGeneratorBound() throws Exception {
        // fan-in: the generator at 96 / 97 / 98% against thingcore (median 97%: bound), 72-79% against mosquitto.
        // max rate: 89 / 91 / 88% against thingcore (median 89%: below the mark).
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        Map<String, List<Result>> fanIn = new LinkedHashMap<>();
        fanIn.put(
                Comparison.THINGCORE,
                List.of(figure(70_000, 13, 0.96), figure(72_000, 13, 0.97), figure(71_000, 13, 0.98)));
        fanIn.put(
                Comparison.MOSQUITTO,
                List.of(figure(45_000, 22, 0.72), figure(46_000, 22, 0.79), figure(45_500, 22, 0.75)));
        results.put(Scenario.FANIN_QOS1, fanIn);
        Map<String, List<Result>> maxRate = new LinkedHashMap<>();
        maxRate.put(
                Comparison.THINGCORE,
                List.of(figure(64_000, 14, 0.89), figure(68_000, 14, 0.91), figure(64_000, 14, 0.88)));
        maxRate.put(Comparison.MOSQUITTO, List.of(figure(34_000, 28, 0.91)));
        results.put(Scenario.MAX_RATE_P99, maxRate);

        Report report = report(results, null);

        assertThat(report.generatorBound(Scenario.FANIN_QOS1, Comparison.THINGCORE))
                .isTrue();
        assertThat(report.generatorBound(Scenario.FANIN_QOS1, Comparison.MOSQUITTO))
                .isFalse();
        assertThat(report.generatorBound(Scenario.MAX_RATE_P99, Comparison.THINGCORE))
                .isFalse();
        assertThat(report.generatorBoundFigures()).containsExactly("fanin_qos1/thingcore", "max_rate_p99/mosquitto");
        assertThat(report.roundsCell(Scenario.FANIN_QOS1, Comparison.THINGCORE))
                .isEqualTo("70,000 / 72,000 / 71,000 (3%) generator-bound");
        assertThat(report.roundsCell(Scenario.FANIN_QOS1, Comparison.MOSQUITTO))
                .isEqualTo("45,000 / 46,000 / 45,500 (2%)");
        assertThat(report.targets())
                .anyMatch(line ->
                        line.startsWith("note") && line.contains("fanin_qos1/thingcore, max_rate_p99/mosquitto"));

        report.write(out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.get("details")
                        .get("fanin_qos1")
                        .get("thingcore")
                        .get("generator_bound")
                        .asBoolean())
                .isTrue();
        assertThat(json.get("details")
                        .get("max_rate_p99")
                        .get("thingcore")
                        .get("generator_bound")
                        .asBoolean())
                .isFalse();
        assertThat(json.get("generator_bound_figures").toString())
                .isEqualTo("[\"fanin_qos1/thingcore\",\"max_rate_p99/mosquitto\"]");
        assertThat(Files.readString(out.resolve("2026-01-01.md"))).contains("generator-bound");
    }

    @Test
    void stealTimeAndLoadAverageAreInTheMarkdownAndLatestJson() throws Exception {
        report(null).write(out);

        String markdown = Files.readString(out.resolve("2026-01-01.md"));
        assertThat(markdown).contains("## Machine during the run");
        assertThat(markdown).contains("| round 1 | 2.0% | 2.50 | 3.00 | 130 / 128 |");
        assertThat(markdown).contains("| whole run | 3.1% | 2.75 | 6.50 | - |");
        JsonNode load = new ObjectMapper()
                .readTree(Files.readString(out.resolve("latest.json")))
                .get("machine_load");
        assertThat(load.get(1).get("window").asText()).isEqualTo("whole run");
        assertThat(load.get(1).get("steal_share").asDouble()).isEqualTo(0.031);
        assertThat(load.get(1).get("load_average_max").asDouble()).isEqualTo(6.5);
        assertThat(load.get(0).get("syscall_probe_ms").get(1).asDouble()).isEqualTo(128.4);
    }

    @Test
    void aSlowerSyscallProbeInOneRoundSaysTheMachineChangedSpeed() {
        List<MachineLoad.Window> load = List.of(
                new MachineLoad.Window("warm-up", 0, 1, 1, List.of(400.0, 400.0)),
                new MachineLoad.Window("round 1", 0, 1, 1, List.of(100.0, 120.0)),
                new MachineLoad.Window("round 2", 0, 1, 1, List.of(104.0, 180.0)),
                new MachineLoad.Window("round 3", 0, 1, 1, List.of(102.0, Double.NaN)),
                new MachineLoad.Window("whole run", 0, 1, 1, List.of()));
        Report report = new Report(
                "2026-01-01", Map.of("cpu", "test"), Settings.full(null), true, rounds(), null, load, "none");

        // Broker's core: (104 - 100) / 102; generator's: (180 - 120) / 150 over the two rounds it ran in. The
        // warm-up is not a round.
        assertThat(report.probeSpread())
                .startsWith("The syscall probe's spread over the rounds, (max - min) / median: the broker's core 4%,"
                        + " the generator's core 40%.")
                .contains("the machine itself changed speed between rounds");
        assertThat(report.loadTable()).contains("| round 3 | 0.0% | 1.00 | 1.00 | 102 / n/a |");
    }

    @Test
    void theProbeBeforeEachRecordedPassStandsBesideItsFigure() throws Exception {
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        Map<String, List<Result>> fanIn = new LinkedHashMap<>();
        fanIn.put(
                Comparison.THINGCORE,
                List.of(
                        figure(1000, 9).withProbe(200),
                        figure(950, 9.5).withProbe(210),
                        figure(700, 13).withProbe(260)));
        fanIn.put(
                Comparison.MOSQUITTO,
                List.of(
                        figure(800, 12).withProbe(201),
                        figure(800, 12).withProbe(203),
                        figure(790, 12).withProbe(204)));
        results.put(Scenario.FANIN_QOS1, fanIn);
        // Passes the harness did not probe (the latency scenario's shared window) have no row.
        results.put(Scenario.LATENCY_P99_MS, Map.of(Comparison.THINGCORE, List.of(figure(0.6, 60))));
        Report report = report(results, null);

        // thingcore's probes: (260 - 200) / 210 = 29%, moved; mosquitto's: (204 - 201) / 203 = 1%.
        assertThat(report.loadTable())
                .contains("| fanin_qos1 | thingcore | 200 / 210 / 260 | 29% moved |")
                .contains("| fanin_qos1 | mosquitto | 201 / 203 / 204 | 1% |")
                .doesNotContain("| latency_p99_ms |");
        report.write(out);
        JsonNode details = new ObjectMapper()
                .readTree(Files.readString(out.resolve("latest.json")))
                .get("details");
        assertThat(details.get("fanin_qos1")
                        .get("thingcore")
                        .get("syscall_probe_ms")
                        .get(2)
                        .asDouble())
                .isEqualTo(260.0);
        assertThat(details.get("latency_p99_ms").get("thingcore").has("syscall_probe_ms"))
                .isFalse();
    }

    @Test
    void aSteadySyscallProbeRaisesNoDoubt() {
        List<MachineLoad.Window> load = List.of(
                new MachineLoad.Window("round 1", 0, 1, 1, List.of(100.0, 100.0)),
                new MachineLoad.Window("round 2", 0, 1, 1, List.of(105.0, 98.0)));
        Report report = new Report(
                "2026-01-01", Map.of("cpu", "test"), Settings.full(null), true, rounds(), null, load, "none");

        assertThat(report.probeSpread()).endsWith("the broker's core 5%, the generator's core 2%.");
    }

    @Test
    void coldFiguresCompareTheCacheAndNoCacheWithMosquittoAndOtaIsThingcoreOnly() throws Exception {
        Map<Scenario, Map<String, List<Result>>> results = rounds();
        Map<String, List<Result>> startup = new LinkedHashMap<>();
        startup.put(Comparison.THINGCORE_AOT, List.of(figure(600, 0)));
        startup.put(Comparison.THINGCORE, List.of(figure(900, 0)));
        startup.put(Comparison.MOSQUITTO, List.of(figure(30, 0)));
        results.put(Scenario.STARTUP_MS, startup);
        results.put(Scenario.OTA_BLOCKS, Map.of(Comparison.THINGCORE, List.of(figure(20_000, 50))));

        Report report = report(results, null);
        report.write(out);

        assertThat(report.coldTable()).contains("| startup_ms | ms | 600 | 900 | 30.0 | 20.00 | 30.00 |");
        assertThat(report.thingcoreOnlyTable()).contains("| ota_blocks | blocks/s | 20,000 |");
        JsonNode scenarios = new ObjectMapper()
                .readTree(Files.readString(out.resolve("latest.json")))
                .get("scenarios");
        assertThat(scenarios.get("startup_ms").get("thingcore_aot_cache").asDouble())
                .isEqualTo(600);
        assertThat(scenarios.get("startup_ms").get("ratio").asDouble()).isEqualTo(30);
        assertThat(scenarios.get("ota_blocks").get("mosquitto").isNull()).isTrue();
        assertThat(scenarios.get("ota_blocks").get("note").asText()).startsWith("thingcore only");
        assertThat(scenarios.has("cold_connect")).isFalse();
        String markdown = Files.readString(out.resolve("2026-01-01.md"));
        assertThat(markdown).contains("## Cold start").contains("## thingcore only");
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

    @Test
    void theRunSaysHowManyConnectStormsARoundHad() throws Exception {
        report(null).write(out);

        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.get("run").get("connect_passes").asInt()).isEqualTo(3);
        assertThat(Files.readString(out.resolve("2026-01-01.md")))
                .contains("at most 256 handshakes in flight, 3\n  storm(s) per round");
        assertThat(Scenarios.connectPasses(Settings.quick(null))).isEqualTo(1);
    }

    @Test
    void theRunSaysHowManyRestartsEachStartupFigureIsTheMedianOf() throws Exception {
        report(null).write(out);

        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.get("run").get("cold_starts").asInt()).isEqualTo(5);
        assertThat(Files.readString(out.resolve("2026-01-01.md"))).contains("the median of 5 restart(s) per round");
        assertThat(Scenarios.coldStarts(Settings.quick(null))).isEqualTo(1);
    }

    @Test
    void aMedianLeavesOutWhatWasNotMeasured() {
        assertThat(Report.median(new double[] {26.2, Double.NaN, 16.0, 19.4})).isEqualTo(19.4);
        assertThat(Report.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Report.median(new double[] {Double.NaN})).isNaN();
    }

    @Test
    void theLatencyFigureIsMeasuredOverThreeMessageWindows() throws Exception {
        report(null).write(out);

        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertThat(json.get("run").get("measure_seconds").asDouble()).isEqualTo(6.0);
        assertThat(json.get("run").get("latency_measure_seconds").asDouble()).isEqualTo(18.0);
        assertThat(Files.readString(out.resolve("2026-01-01.md"))).contains("QoS 1, measured over 18.0 s");
        assertThat(Settings.quick(null).latencyMeasure())
                .isEqualTo(Settings.quick(null).measure());
    }
}
