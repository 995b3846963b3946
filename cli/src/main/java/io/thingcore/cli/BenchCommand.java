package io.thingcore.cli;

import io.thingcore.bench.floods.Flood;
import io.thingcore.bench.floods.FloodSettings;
import io.thingcore.bench.floods.Floods;
import io.thingcore.bench.load.AotTraining;
import io.thingcore.bench.load.Comparison;
import io.thingcore.bench.load.FloorComparison;
import io.thingcore.bench.load.Log;
import io.thingcore.bench.load.MosquittoTarget;
import io.thingcore.bench.load.Scenario;
import io.thingcore.bench.load.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thingcore bench}: load tests of the gateway (issue 6). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark the gateway.",
        subcommands = {
            BenchCommand.Compare.class,
            BenchCommand.FloorRun.class,
            BenchCommand.FloodsRun.class,
            BenchCommand.AotTrainingRun.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Whether mosquitto is installed; if not, says so on standard error. */
    private static boolean mosquittoInstalled() {
        if (MosquittoTarget.binary() == null) {
            System.err.println("thingcore: mosquitto is not installed (apt-get install mosquitto)");
            return false;
        }
        return true;
    }

    /**
     * The scenarios {@code names} names, each one of {@code offered}; null, after saying which on standard error, when
     * one is not.
     */
    private static @Nullable List<Scenario> chosen(List<String> names, List<Scenario> offered) {
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names) {
            Scenario scenario = Scenario.byId(name);
            if (scenario == null || !offered.contains(scenario)) {
                System.err.println("thingcore: no scenario '" + name + "' here (these are: "
                        + String.join(", ", offered.stream().map(Scenario::id).toList()) + ")");
                return null;
            }
            chosen.add(scenario);
        }
        return chosen;
    }

    @Command(
            name = "compare",
            mixinStandardHelpOptions = true,
            description = {
                "Run thingcore and Debian's mosquitto 2.0 side by side on loopback (broker pinned to core 0, this",
                "generator to core 1), the same mTLS load against each, alternating A/B; print one table and write",
                "<out>/<date>.md and <out>/latest.json. Needs mosquitto (apt-get install mosquitto) and taskset."
            })
    static final class Compare implements Callable<Integer> {
        @Option(names = "--quick", description = "Small N, one round, under 3 minutes (the CI smoke run).")
        boolean quick;

        @Option(
                names = "--connections",
                paramLabel = "N",
                description = "Connections and distinct certificates (default: 1000, quick: 100).")
        @Nullable
        Integer connections;

        @Option(
                names = "--idle-connections",
                paramLabel = "N",
                description = "Connections held in the idle-memory scenario (default: 19000, or what the open-file"
                        + " limit allows; quick: 200).")
        @Nullable
        Integer idleConnections;

        @Option(names = "--rounds", paramLabel = "R", description = "A/B rounds (default: 3, quick: 1).")
        @Nullable
        Integer rounds;

        @Option(
                names = "--measure-seconds",
                paramLabel = "S",
                description = "Measurement window per message scenario (default: 6, quick: 2); each step of"
                        + " max_rate_p99 has its own (3, quick: 1).")
        @Nullable
        Integer measureSeconds;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "bench/results",
                description = "Where <date>.md and latest.json go (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--scenario",
                paramLabel = "NAME",
                split = ",",
                description = "Run only these scenarios (repeat or comma-separate): connect, p2p_qos1, fanin_qos1,"
                        + " fanout_qos0, latency_p99_ms, max_rate_p99, idle_kb_per_conn. Default: all.")
        @Nullable
        List<String> scenarios;

        @Option(
                names = "--p99-bound-ms",
                paramLabel = "MS",
                description = "max_rate_p99: the p99 latency the highest rate must stay under (default: 50).")
        @Nullable
        Double p99BoundMs;

        @Option(
                names = "--scaling",
                negatable = true,
                description = "After the A/B rounds, run thingcore alone unpinned (every core) through the throughput"
                        + " scenarios once and compare with its 1-core figures (default: on, quick: off).")
        @Nullable
        Boolean scaling;

        @Option(names = "--no-pin", description = "Do not pin the brokers and the generator to cores.")
        boolean noPin;

        @Override
        public Integer call() {
            if (!mosquittoInstalled()) {
                return 1;
            }
            Settings settings = quick ? Settings.quick(out) : Settings.full(out);
            if (connections != null) {
                settings = settings.withConnections(connections);
            }
            if (idleConnections != null) {
                settings = settings.withIdleConnections(idleConnections);
            }
            if (rounds != null) {
                settings = settings.withRounds(rounds);
            }
            if (measureSeconds != null) {
                settings = settings.withMeasure(Duration.ofSeconds(measureSeconds));
            }
            settings = settings.withPin(!noPin);
            if (p99BoundMs != null) {
                if (!(p99BoundMs > 0)) {
                    System.err.println("thingcore: --p99-bound-ms must be positive");
                    return 2;
                }
                settings = settings.withP99BoundMs(p99BoundMs);
            }
            if (scaling != null) {
                settings = settings.withScaling(scaling);
            }
            if (scenarios != null) {
                List<Scenario> chosen = chosen(scenarios, List.of(Scenario.values()));
                if (chosen == null) {
                    return 2;
                }
                settings = settings.withScenarios(chosen);
            }
            Comparison.run(settings, Log.to(System.out));
            return 0;
        }
    }

    @Command(
            name = "floor",
            mixinStandardHelpOptions = true,
            description = {
                "Run thingcore, the floor broker of its stack (Netty io_uring, BoringSSL mutual TLS and Netty's MQTT",
                "codec, nothing else) and mosquitto through the message scenarios on the pinned cores of compare,",
                "rotating the order each round; print each one's rate and CPU per unit, thingcore's CPU over the",
                "floor's, and mosquitto's over the floor's, and write <out>/floor-<date>.md."
            })
    static final class FloorRun implements Callable<Integer> {
        @Option(names = "--quick", description = "Small N, one round (a smoke run).")
        boolean quick;

        @Option(names = "--rounds", paramLabel = "R", description = "Rounds (default: 3, quick: 1).")
        @Nullable
        Integer rounds;

        @Option(
                names = "--scenario",
                paramLabel = "NAME",
                split = ",",
                description = "Run only these: p2p_qos1, fanin_qos1, fanout_qos0, latency_p99_ms. Default: all four.")
        @Nullable
        List<String> scenarios;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "bench/results",
                description = "Where floor-<date>.md goes (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            if (!mosquittoInstalled()) {
                return 1;
            }
            Settings settings = quick ? Settings.quick(out) : Settings.full(out);
            if (rounds != null) {
                settings = settings.withRounds(rounds);
            }
            List<Scenario> chosen = scenarios == null
                    ? FloorComparison.MESSAGE_SCENARIOS
                    : chosen(scenarios, FloorComparison.MESSAGE_SCENARIOS);
            if (chosen == null) {
                return 2;
            }
            settings = settings.withScenarios(chosen);
            FloorComparison.run(settings, Log.to(System.out));
            return 0;
        }
    }

    @Command(
            name = "floods",
            mixinStandardHelpOptions = true,
            description = {
                "Start a gateway, measure a legitimate client's connect and publish p99 on it quiet, then during each",
                "flood (unfinished TLS handshakes, TLS sessions without CONNECT, slow readers, retained 100 KB",
                "messages, refused connections); print the ratios (bound: 2x), the gateway's memory and log volume,",
                "and write <out>/floods-<date>.md. Exit status 1 if a flood breaks the bound."
            })
    static final class FloodsRun implements Callable<Integer> {
        @Option(names = "--quick", description = "150 held connections and 4 s per step (about 2 minutes).")
        boolean quick;

        @Option(
                names = "--flood",
                paramLabel = "NAME",
                split = ",",
                description = "Run only these floods: unfinished_tls, no_connect, slow_readers, retained,"
                        + " refused_connects. Default: all.")
        @Nullable
        List<String> floods;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "bench/results",
                description = "Where floods-<date>.md goes (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--settle-seconds",
                paramLabel = "S",
                description = "How long each flood runs before the probes measure (default: 20, 4 with --quick).")
        @Nullable
        Integer settleSeconds;

        @Override
        public Integer call() throws Exception {
            FloodSettings settings = quick ? FloodSettings.quick(out) : FloodSettings.full(out);
            if (settleSeconds != null) {
                if (settleSeconds < 0) {
                    System.err.println("thingcore: --settle-seconds must not be negative");
                    return 2;
                }
                settings = settings.withSettle(Duration.ofSeconds(settleSeconds));
            }
            if (floods != null) {
                List<Flood> chosen = new ArrayList<>();
                for (String name : floods) {
                    try {
                        chosen.add(Flood.byId(name));
                    } catch (IllegalArgumentException e) {
                        System.err.println("thingcore: unknown flood '" + name + "'");
                        return 2;
                    }
                }
                settings = settings.withFloods(chosen);
            }
            List<Floods.Row> rows = Floods.run(settings, Log.to(System.out));
            return rows.stream().allMatch(Floods.Row::withinBound) ? 0 : 1;
        }
    }

    /**
     * The training run of the gateway's JDK AOT cache, which the build's {@code aot} profile runs; hidden, since it is
     * of no use to anyone else.
     */
    @Command(
            name = "aot-training",
            hidden = true,
            description = "Start a gateway recording its JDK AOT cache, exercise it (API, mTLS connects, publishing, a"
                    + " stream download), stop it and wait for the cache.")
    static final class AotTrainingRun implements Callable<Integer> {
        @Option(names = "--cache-output", required = true, paramLabel = "FILE", description = "The cache to write.")
        Path cacheOutput;

        @Override
        public Integer call() throws Exception {
            AotTraining.run(cacheOutput, Log.to(System.out));
            return 0;
        }
    }
}
