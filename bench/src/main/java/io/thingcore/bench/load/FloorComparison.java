package io.thingcore.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code thingcore bench floor}: thingcore, the floor broker of its own stack ({@link FloorTarget}) and mosquitto
 * through the message scenarios, in rotating order each round, on the same pinned cores as {@code bench compare}. The
 * table gives each broker's median rate and CPU per unit, and two ratios: thingcore's CPU over the floor's (what its
 * own code adds to the stack's), and mosquitto's CPU over the floor's, the most that any broker on this stack could
 * reach against mosquitto by CPU per unit on this machine (issue 14, item 4).
 */
public final class FloorComparison {
    /** The scenarios the floor broker serves: the message scenarios of the A/B rounds. */
    public static final List<Scenario> MESSAGE_SCENARIOS =
            List.of(Scenario.P2P_QOS1, Scenario.FANIN_QOS1, Scenario.FANOUT_QOS0, Scenario.LATENCY_P99_MS);

    private FloorComparison() {}

    /**
     * Runs the comparison, prints the table and writes it to {@code <out>/floor-<date>.md}; returns each round's
     * figures per scenario and broker ({@code thingcore}, {@code floor}, {@code mosquitto}).
     */
    public static Map<Scenario, Map<String, List<Result>>> run(Settings settings, Log log) {
        long started = System.nanoTime();
        boolean pinned = settings.pin() && Processes.canPin();
        int brokerCore = pinned ? Comparison.BROKER_CORE : -1;
        List<Scenario> scenarios = MESSAGE_SCENARIOS.stream()
                .filter(settings.scenarios()::contains)
                .toList();
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("the floor broker serves only " + MESSAGE_SCENARIOS);
        }
        // Described before the generator pins itself to one core, which nproc would then report.
        Map<String, String> machine = Machine.describe();
        log.line("machine: %s", machine);
        BenchPki pki = BenchPki.create(settings.connections());
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        WorkDirectory work = WorkDirectory.create("thingcore-bench-floor");
        try (ThingcoreTarget thingcore = ThingcoreTarget.start(work.resolve("thingcore"), brokerCore, pki, log);
                FloorTarget floor = FloorTarget.start(work.resolve("floor"), brokerCore, pki, log);
                MosquittoTarget mosquitto = MosquittoTarget.start(work.resolve("mosquitto"), brokerCore, pki, log)) {
            if (pinned && !Processes.pinSelf(Comparison.GENERATOR_CORE)) {
                log.line("could not pin the generator to core %d; running unpinned", Comparison.GENERATOR_CORE);
            }
            List<Target> targets = List.of(thingcore, floor, mosquitto);
            try (Generator generator = new Generator(pki, 1)) {
                Scenarios runner = new Scenarios(generator, settings, log);
                // Unrecorded: both JVMs compile the paths the rounds measure first, as bench compare's warm-up does.
                for (Target target : targets) {
                    runner.run(Scenario.CONNECT, target);
                    for (Scenario scenario : scenarios) {
                        runner.run(scenario, target);
                    }
                }
                log.line("warm-up done");
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (Scenario scenario : scenarios) {
                        for (int i = 0; i < targets.size(); i++) {
                            Target target = targets.get((i + round - 1) % targets.size());
                            Result r = runner.run(scenario, target);
                            log.line(
                                    "round %d %-16s %-10s %12.2f %-14s cpu/unit %8.3f  gen cpu %3.0f%%  failed %d",
                                    round,
                                    scenario.id(),
                                    target.name(),
                                    r.value(),
                                    scenario.unit(),
                                    r.cpuPerUnit(),
                                    r.generatorCpuShare() * 100,
                                    r.failed());
                            results.computeIfAbsent(scenario, s -> new LinkedHashMap<>())
                                    .computeIfAbsent(target.name(), t -> new ArrayList<>())
                                    .add(r);
                        }
                    }
                }
            }
        } finally {
            work.close();
        }
        String table = table(results);
        log.print(table);
        if (settings.out() != null) {
            Path file = settings.out().resolve("floor-" + LocalDate.now(ZoneOffset.UTC) + ".md");
            try {
                Files.createDirectories(settings.out());
                Files.writeString(file, markdown(machine, settings, table));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            log.line("results written to %s", file.toAbsolutePath());
        }
        log.line("done in %.0f s", (System.nanoTime() - started) / 1e9);
        return results;
    }

    /**
     * One row per scenario: the three brokers' median figures and CPU per unit, thingcore's CPU over the floor's, and
     * mosquitto's CPU over the floor's.
     */
    static String table(Map<Scenario, Map<String, List<Result>>> results) {
        StringBuilder b = new StringBuilder();
        b.append("| figure | unit | thingcore | floor | mosquitto | CPU per unit | thingcore | floor | mosquitto"
                + " | thingcore / floor, CPU | mosquitto / floor, CPU |\n");
        b.append("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        results.forEach((scenario, perTarget) -> {
            double thingcoreCpu = median(perTarget, "thingcore", Result::cpuPerUnit);
            double floorCpu = median(perTarget, "floor", Result::cpuPerUnit);
            double mosquittoCpu = median(perTarget, "mosquitto", Result::cpuPerUnit);
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f |%n",
                    scenario.id(),
                    scenario.unit(),
                    Report.fmt(median(perTarget, "thingcore", Result::value)),
                    Report.fmt(median(perTarget, "floor", Result::value)),
                    Report.fmt(median(perTarget, "mosquitto", Result::value)),
                    scenario.cpuUnit(),
                    Report.fmt(thingcoreCpu),
                    Report.fmt(floorCpu),
                    Report.fmt(mosquittoCpu),
                    thingcoreCpu / floorCpu,
                    mosquittoCpu / floorCpu));
        });
        return b.toString();
    }

    private static double median(Map<String, List<Result>> perTarget, String target, ToDoubleFunction<Result> field) {
        return Report.median(perTarget.getOrDefault(target, List.of()).stream()
                .mapToDouble(field)
                .toArray());
    }

    private static String markdown(Map<String, String> machine, Settings settings, String table) {
        return String.format(
                Locale.ROOT,
                "# thingcore against the floor of its stack, %s%n%n"
                        + "Machine: %s. N = %,d connections, %d rounds, the three brokers in rotating order each round,"
                        + " each figure the median of its rounds. The floor broker is `io.thingcore.bench.floor"
                        + ".FloorBroker`: Netty's io_uring transport, BoringSSL with mutual TLS and Netty's MQTT codec,"
                        + " no registry, authorization, sessions or logging (bench/README.md, \"The floor of the"
                        + " stack\").%n%n%s",
                LocalDate.now(ZoneOffset.UTC),
                machine,
                settings.connections(),
                settings.rounds(),
                table);
    }
}
