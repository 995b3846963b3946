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
import java.util.Map;

/**
 * thingcore against mosquitto in one run on one machine: both brokers started (pinned to core 0), the generator
 * pinned to core 1, the same certificates and load for both, scenarios alternating A/B per round, each figure the
 * median over the rounds. {@code thingcore bench compare} and {@code bench/compare.sh} run it.
 */
public final class Comparison {
    static final String THINGCORE = "thingcore";
    static final String MOSQUITTO = "mosquitto";
    static final int BROKER_CORE = 0;
    static final int GENERATOR_CORE = 1;

    private Comparison() {}

    /** Runs the comparison and writes the results (if {@link Settings#out()} is set). */
    public static Report run(Settings settings, Log log) {
        Map<String, String> machine = Machine.describe();
        boolean pinned = settings.pin() && Processes.canPin();
        log.line("machine: %s", machine);
        long started = System.nanoTime();
        BenchPki pki = BenchPki.create(settings.connections());
        log.line("%d client certificates made in %.1f s", settings.connections(), (System.nanoTime() - started) / 1e9);
        Path work;
        try {
            work = Files.createTempDirectory("thingcore-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int brokerCore = pinned ? BROKER_CORE : -1;
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        try (ThingcoreTarget thingcore = ThingcoreTarget.start(work.resolve("thingcore"), brokerCore, pki, log);
                MosquittoTarget mosquitto = MosquittoTarget.start(work.resolve("mosquitto"), brokerCore, pki, log)) {
            if (pinned && !Processes.pinSelf(GENERATOR_CORE)) {
                log.line("could not pin the generator to core %d; running unpinned", GENERATOR_CORE);
            }
            try (Generator generator = new Generator(pki, 1)) {
                Scenarios scenarios = new Scenarios(generator, settings, log);
                // Unrecorded warm-up: both JVMs (generator and thingcore) compile their hot paths before round 1.
                List<Scenario> warmup = settings.quick()
                        ? List.of(Scenario.CONNECT)
                        : List.of(Scenario.CONNECT, Scenario.LATENCY_P99_MS, Scenario.CONNECT);
                for (Target target : List.<Target>of(thingcore, mosquitto)) {
                    for (Scenario scenario : warmup) {
                        scenarios.run(scenario, target);
                    }
                }
                log.line("warm-up done");
                for (int round = 1; round <= settings.rounds(); round++) {
                    List<Target> order = round % 2 == 1
                            ? List.<Target>of(thingcore, mosquitto)
                            : List.<Target>of(mosquitto, thingcore);
                    for (Scenario scenario : settings.scenarios()) {
                        for (Target target : order) {
                            Result r = scenarios.run(scenario, target);
                            results.computeIfAbsent(scenario, s -> new LinkedHashMap<>())
                                    .computeIfAbsent(target.name(), t -> new ArrayList<>())
                                    .add(r);
                            log.line(
                                    "round %d %-16s %-9s %12.2f %-14s cpu/unit %8.3f  gen cpu %4.0f%%  failed %d",
                                    round,
                                    scenario.id(),
                                    target.name(),
                                    r.value(),
                                    scenario.unit(),
                                    r.cpuPerUnit(),
                                    r.generatorCpuShare() * 100,
                                    r.failed());
                        }
                    }
                }
            }
        } finally {
            deleteQuietly(work);
        }
        Report report = new Report(LocalDate.now(ZoneOffset.UTC).toString(), machine, settings, pinned, results);
        log.print(report.table());
        if (settings.out() != null) {
            report.write(settings.out());
            log.line("results written to %s", settings.out().toAbsolutePath());
        }
        log.line("done in %.0f s", (System.nanoTime() - started) / 1e9);
        return report;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
