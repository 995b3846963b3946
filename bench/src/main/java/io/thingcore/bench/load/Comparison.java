package io.thingcore.bench.load;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * thingcore against mosquitto in one run on one machine: both brokers started (pinned to core 0), the generator
 * pinned to core 1, the same certificates and load for both, scenarios alternating A/B per round, each figure the
 * median over the rounds; then, with {@link Settings#scaling()}, thingcore alone on every core. {@code thingcore bench
 * compare} and {@code bench/compare.sh} run it.
 */
public final class Comparison {
    static final String THINGCORE = "thingcore";
    static final String MOSQUITTO = "mosquitto";
    static final int BROKER_CORE = 0;
    static final int GENERATOR_CORE = 1;

    /** Descriptors kept free for sockets, files and the JVM besides the idle connections. */
    static final int DESCRIPTOR_MARGIN = 800;

    /**
     * The scenarios the scaling run repeats: the rates, which more cores can raise. Not the latency at a light fixed
     * load, nor the memory per idle connection, which cores do not change.
     */
    static final List<Scenario> SCALING = List.of(
            Scenario.CONNECT, Scenario.P2P_QOS1, Scenario.FANIN_QOS1, Scenario.FANOUT_QOS0, Scenario.MAX_RATE_P99);

    private Comparison() {}

    /** Runs the comparison and writes the results (if {@link Settings#out()} is set). */
    public static Report run(Settings requested, Log log) {
        Settings settings = requested.withIdleConnections(fitIdleConnections(requested.idleConnections(), log));
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
        Report.Scaling scaling = null;
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
                            logResult(log, "round " + round, scenario, target, r);
                        }
                    }
                }
                if (settings.scaling()) {
                    if (pinned) {
                        scaling = scalingRun(thingcore, scenarios, warmup, settings, log);
                    } else {
                        log.line("no scaling run: the brokers were not pinned, so there is no 1-core figure");
                    }
                }
            }
        } finally {
            deleteQuietly(work);
        }
        Report report =
                new Report(LocalDate.now(ZoneOffset.UTC).toString(), machine, settings, pinned, results, scaling);
        log.print(report.table());
        if (report.scaling().isPresent()) {
            log.print(report.scalingTable());
        }
        if (settings.out() != null) {
            report.write(settings.out());
            log.line("results written to %s", settings.out().toAbsolutePath());
        }
        log.line("done in %.0f s", (System.nanoTime() - started) / 1e9);
        return report;
    }

    /**
     * thingcore alone, restarted unpinned (every core), warmed up as before the A/B rounds, then the {@link #SCALING}
     * scenarios once. The generator stays pinned to its core, which the broker now shares: the figures are what one
     * more core, less what the generator takes of it, buys. Null where none of those scenarios was chosen.
     */
    private static Report.@Nullable Scaling scalingRun(
            ThingcoreTarget thingcore, Scenarios scenarios, List<Scenario> warmup, Settings settings, Log log) {
        List<Scenario> chosen =
                SCALING.stream().filter(settings.scenarios()::contains).toList();
        if (chosen.isEmpty()) {
            return null;
        }
        thingcore.restartOn(-1);
        int cores = Processes.allowedCoreCount();
        log.line(
                "scaling: thingcore restarted unpinned on %d cores (pid %d), the generator still on core %d",
                cores, thingcore.pid(), GENERATOR_CORE);
        for (Scenario scenario : warmup) {
            scenarios.run(scenario, thingcore);
        }
        Map<Scenario, Result> results = new EnumMap<>(Scenario.class);
        for (Scenario scenario : chosen) {
            Result r = scenarios.run(scenario, thingcore);
            results.put(scenario, r);
            logResult(log, cores + " cores", scenario, thingcore, r);
        }
        return new Report.Scaling(cores, results);
    }

    private static void logResult(Log log, String label, Scenario scenario, Target target, Result r) {
        log.line(
                "%-7s %-16s %-9s %12.2f %-14s cpu/unit %8.3f  gen cpu %4.0f%%  failed %d",
                label,
                scenario.id(),
                target.name(),
                r.value(),
                scenario.unit(),
                r.cpuPerUnit(),
                r.generatorCpuShare() * 100,
                r.failed());
    }

    /**
     * The idle connections this process can hold: each is a descriptor here and one in the broker, which inherits this
     * process's limit ({@code ulimit -n}); {@value #DESCRIPTOR_MARGIN} are kept for everything else.
     */
    static int fitIdleConnections(int wanted, Log log) {
        long limit = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : Long.MAX_VALUE;
        long fitting = Math.max(1, limit - DESCRIPTOR_MARGIN);
        if (wanted <= fitting) {
            return wanted;
        }
        log.line(
                "idle scenario: %,d connections instead of %,d (open-file limit %,d; raise it with ulimit -n,"
                        + " as bench/compare.sh does)",
                fitting, wanted, limit);
        return (int) fitting;
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
