package io.thingcore.bench.load;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

    /** thingcore started with its JDK AOT cache: the cold figures only (the warm ones use it too, if present). */
    static final String THINGCORE_AOT = "thingcore+aot";

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

    /**
     * Connect storms run against thingcore alone before the shared warm-up, in the full run. A JVM compiles the code
     * that runs once per connection (the Java side of the TLS handshake, the pipeline, the CONNECT stage) with C2 only
     * after several thousand connections: a run of ten connect rounds on one core measured 0.71, 0.59, 0.83, 0.82,
     * 0.81, 0.54, 0.52, 0.49, 0.62, 0.39 ms of broker CPU per connection, with the JIT compiler taking 26-62% of the
     * broker's samples in the windows of the first rounds (issue 14). The warm figures are meant to be the steady
     * state; the first minute is measured separately ({@code cold_connect}). mosquitto, compiled ahead of time, has
     * nothing to warm.
     */
    static final int JIT_WARMUP_CONNECT_STORMS = 30;

    private Comparison() {}

    /** Runs the comparison and writes the results (if {@link Settings#out()} is set). */
    public static Report run(Settings requested, Log log) {
        Settings settings = requested.withIdleConnections(fitIdleConnections(requested.idleConnections(), log));
        Quiet.keepHeapCommitted();
        Map<String, String> machine = Machine.describe();
        boolean pinned = settings.pin() && Processes.canPin();
        log.line("machine: %s", machine);
        long started = System.nanoTime();
        BenchPki pki = BenchPki.create(settings.connections());
        log.line("%d client certificates made in %.1f s", settings.connections(), (System.nanoTime() - started) / 1e9);
        int brokerCore = pinned ? BROKER_CORE : -1;
        Map<Scenario, Map<String, List<Result>>> results = new EnumMap<>(Scenario.class);
        Report.Scaling scaling = null;
        MachineLoad load = MachineLoad.start();
        String aotCache = "none";
        List<Scenario> compared = ofKind(settings, Scenario.Kind.COMPARED);
        List<Scenario> warmBroker =
                compared.stream().filter(s -> !s.restartsBroker()).toList();
        List<Scenario> freshBroker =
                compared.stream().filter(Scenario::restartsBroker).toList();
        List<Scenario> thingcoreOnly = ofKind(settings, Scenario.Kind.THINGCORE_ONLY);
        List<Scenario> cold = ofKind(settings, Scenario.Kind.COLD);
        WorkDirectory work = WorkDirectory.create("thingcore-bench");
        try (ThingcoreTarget thingcore = ThingcoreTarget.start(work.resolve("thingcore"), brokerCore, pki, log);
                MosquittoTarget mosquitto = MosquittoTarget.start(work.resolve("mosquitto"), brokerCore, pki, log)) {
            aotCache = thingcore.aotCache() == null
                    ? "none (" + ThingcoreTarget.AOT_CACHE_VARIABLE + " unset or the cache unusable; see the log)"
                    : "`" + thingcore.aotCache().getFileName() + "` (JDK AOT cache, `-XX:AOTMode=on`)";
            if (pinned && !Processes.pinSelf(GENERATOR_CORE)) {
                log.line("could not pin the generator to core %d; running unpinned", GENERATOR_CORE);
            }
            try (Generator generator = new Generator(pki, 1)) {
                Scenarios scenarios = new Scenarios(generator, settings, log);
                // Unrecorded warm-up: both JVMs (generator and thingcore) compile their hot paths before round 1.
                List<Scenario> warmup = warmup(settings);
                load.begin("warm-up");
                warmConnectPath(thingcore, scenarios, settings);
                for (Target target : List.<Target>of(thingcore, mosquitto)) {
                    for (Scenario scenario : warmup) {
                        scenarios.run(scenario, target);
                    }
                }
                for (Scenario scenario : warmupThingcoreOnly(settings)) {
                    scenarios.run(scenario, thingcore);
                }
                log.line("warm-up done");
                for (int round = 1; round <= settings.rounds(); round++) {
                    load.begin("round " + round);
                    log.line("round %d: thingcore pid %d, mosquitto pid %d", round, thingcore.pid(), mosquitto.pid());
                    List<Target> order = order(round, thingcore, mosquitto);
                    for (Scenario scenario : warmBroker) {
                        if (scenario == Scenario.LATENCY_P99_MS) {
                            latencyAlongside(scenarios, order, settings, results, round, load, log);
                            continue;
                        }
                        if (settlesBeforeEachRound(settings).contains(scenario)) {
                            for (Target target : order) {
                                Result settling = runQuiet(scenarios, scenario, target, log);
                                logResult(
                                        log,
                                        "round " + round + ", settling (not recorded)",
                                        scenario,
                                        target.name(),
                                        settling);
                                load.sample();
                            }
                        }
                        for (Target target : order) {
                            record(
                                    results,
                                    scenario,
                                    target.name(),
                                    runProbed(scenarios, scenario, target, log),
                                    round,
                                    log);
                            load.sample();
                        }
                    }
                    for (Scenario scenario : thingcoreOnly) {
                        record(
                                results,
                                scenario,
                                THINGCORE,
                                runProbed(scenarios, scenario, thingcore, log),
                                round,
                                log);
                        load.sample();
                    }
                }
                // After all warm rounds, once per round: run inside a round, a scenario that restarts the broker
                // would leave the next rounds a JVM that has compiled only what that scenario ran (issue 14).
                for (int round = 1; round <= settings.rounds() && !freshBroker.isEmpty(); round++) {
                    load.begin("fresh broker, round " + round);
                    for (Scenario scenario : freshBroker) {
                        for (Target target : order(round, thingcore, mosquitto)) {
                            record(results, scenario, target.name(), scenarios.run(scenario, target), round, log);
                            load.sample();
                        }
                    }
                }
                if (!cold.isEmpty()) {
                    coldRounds(thingcore, mosquitto, scenarios, cold, settings, results, load, log);
                }
                if (settings.scaling()) {
                    if (pinned) {
                        load.begin("scaling run");
                        scaling = scalingRun(thingcore, scenarios, warmup, settings, log);
                    } else {
                        log.line("no scaling run: the brokers were not pinned, so there is no 1-core figure");
                    }
                }
            } catch (RuntimeException | Error e) {
                logLatestOutput(log, thingcore, mosquitto);
                throw e;
            }
        } finally {
            work.close();
        }
        Report report = new Report(
                LocalDate.now(ZoneOffset.UTC).toString(),
                machine,
                settings,
                pinned,
                results,
                scaling,
                load.windows(),
                aotCache);
        log.print(report.table());
        if (!report.coldTable().isEmpty()) {
            log.print("\ncold start (AOT cache: " + aotCache + ")\n" + report.coldTable());
        }
        if (!report.thingcoreOnlyTable().isEmpty()) {
            log.print("\nthingcore only (mosquitto has no MQTT-based file delivery)\n" + report.thingcoreOnlyTable());
        }
        if (report.scaling().isPresent()) {
            log.print(report.scalingTable());
        }
        log.print("\nmachine during the run\n" + report.loadTable());
        List<String> unstable = report.unstableFigures();
        if (!unstable.isEmpty()) {
            log.line(
                    "unstable (rounds more than %.0f%% apart): %s",
                    Report.UNSTABLE_SPREAD * 100, String.join(", ", unstable));
        }
        if (settings.out() != null) {
            report.write(settings.out());
            log.line("results written to %s", settings.out().toAbsolutePath());
        }
        log.line("done in %.0f s", (System.nanoTime() - started) / 1e9);
        return report;
    }

    /**
     * The thingcore-only scenarios run once, unrecorded, after {@link #warmup} in the full run, for the same reason:
     * without it {@code ota_blocks} measured its own code's compilation, 40,372 / 45,443 / 52,197 blocks/s over three
     * rounds (25.3 / 22.4 / 19.6 ms of CPU per MiB), 26% apart (issue 14, item 5).
     */
    static List<Scenario> warmupThingcoreOnly(Settings settings) {
        return settings.quick() ? List.of() : ofKind(settings, Scenario.Kind.THINGCORE_ONLY);
    }

    /**
     * Scenarios that each round of the full run runs once more, unrecorded, against both brokers in the round's
     * order, before their recorded passes: the latency scenario, whose p99 at 1,000 msg/s moves with the state the
     * scenario before it leaves (issue 14, item 5). Measured straight after the other broker's fan-out, the broker
     * first in a round had the higher p99 in 10 of 11 rounds over four runs, whichever broker it was (thingcore 0.341
     * / 0.262 / 0.453 ms, mosquitto 0.245 / 0.407 / 0.286, 56% and 57% apart, in the full run of 8bbfe7b), with
     * neither JVM compiling or collecting in those windows. With the settling passes each recorded pass follows
     * light load, whichever broker goes first: in three rounds of fan-out and latency the recorded p99s were 0.324 /
     * 0.330 / 0.337 ms and 0.275 / 0.275 / 0.257 (4% and 7% apart), while one settling pass measured mosquitto at
     * 0.77 ms against 0.26-0.28 in its others. Of the next two full runs, one had the figure within 5% and 4%, the
     * other 71% and 72% apart, the broker measured second higher in two rounds: what this removes is not all that
     * moves it (bench/README.md). Since 2026-12-06 the settling pass, like the recorded one, drives both brokers in
     * one window ({@link Scenarios#latencyAlongside}).
     */
    static List<Scenario> settlesBeforeEachRound(Settings settings) {
        return settings.quick() || !settings.scenarios().contains(Scenario.LATENCY_P99_MS)
                ? List.of()
                : List.of(Scenario.LATENCY_P99_MS);
    }

    /**
     * The unrecorded scenarios run before round 1 (and after the scaling run's restart): in the full run, the connect
     * storm, each chosen closed-loop message scenario once and the latency scenario, so that the broker's JVM has
     * compiled the paths the rounds measure before round 1 rather than during it (issue 14: the JIT compiler's CPU,
     * on the broker's one core, counts as the broker's CPU per message); the quick run only connects.
     */
    static List<Scenario> warmup(Settings settings) {
        if (settings.quick()) {
            return List.of(Scenario.CONNECT);
        }
        List<Scenario> warmup = new ArrayList<>();
        warmup.add(Scenario.CONNECT);
        for (Scenario s : List.of(Scenario.P2P_QOS1, Scenario.FANIN_QOS1, Scenario.FANOUT_QOS0)) {
            if (settings.scenarios().contains(s)) {
                warmup.add(s);
            }
        }
        warmup.add(Scenario.LATENCY_P99_MS);
        warmup.add(Scenario.CONNECT);
        return List.copyOf(warmup);
    }

    /**
     * The {@link #JIT_WARMUP_CONNECT_STORMS} connect storms of the full run's warm-up, against thingcore, before the
     * shared warm-up: the message scenarios then run last, as before, and the code they share with the handshake
     * (the TLS handler's read path, the pipeline) is last compiled with their profiles.
     */
    private static void warmConnectPath(ThingcoreTarget thingcore, Scenarios scenarios, Settings settings) {
        if (settings.quick()) {
            return;
        }
        for (int i = 0; i < JIT_WARMUP_CONNECT_STORMS; i++) {
            scenarios.run(Scenario.CONNECT, thingcore);
        }
    }

    /** Each broker's side of a failed run: its last lines of output, before its process is stopped. */
    private static void logLatestOutput(Log log, Target... targets) {
        for (Target target : targets) {
            log.line("%s (pid %d), its latest output:%n%s", target.name(), target.pid(), target.latestOutput());
        }
    }

    /** The A/B order of {@code round}: thingcore first in odd rounds, mosquitto first in even ones. */
    private static List<Target> order(int round, Target thingcore, Target mosquitto) {
        return round % 2 == 1 ? List.of(thingcore, mosquitto) : List.of(mosquitto, thingcore);
    }

    private static List<Scenario> ofKind(Settings settings, Scenario.Kind kind) {
        return settings.scenarios().stream().filter(s -> s.kind() == kind).toList();
    }

    private static void record(
            Map<Scenario, Map<String, List<Result>>> results,
            Scenario scenario,
            String target,
            Result r,
            int round,
            Log log) {
        results.computeIfAbsent(scenario, s -> new LinkedHashMap<>())
                .computeIfAbsent(target, t -> new ArrayList<>())
                .add(r);
        logResult(log, "round " + round, scenario, target, r);
    }

    /**
     * After the warm rounds: per round, thingcore with its AOT cache (if there is one), thingcore without it, and
     * mosquitto, each restarted and measured at once (their order rotating per round); thingcore's next restart
     * (the scaling run's) uses the cache again, as the launcher would.
     */
    private static void coldRounds(
            ThingcoreTarget thingcore,
            MosquittoTarget mosquitto,
            Scenarios scenarios,
            List<Scenario> chosen,
            Settings settings,
            Map<Scenario, Map<String, List<Result>>> results,
            MachineLoad load,
            Log log) {
        record Variant(String name, Target target, boolean aot) {}
        List<Variant> variants = new ArrayList<>();
        if (thingcore.aotCache() != null) {
            variants.add(new Variant(THINGCORE_AOT, thingcore, true));
        }
        variants.add(new Variant(THINGCORE, thingcore, false));
        variants.add(new Variant(MOSQUITTO, mosquitto, false));
        for (int round = 1; round <= settings.rounds(); round++) {
            load.begin("cold start, round " + round);
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get((k + round - 1) % variants.size());
                thingcore.useAotCache(v.aot());
                Map<Scenario, Result> figures = scenarios.cold(v.target());
                for (Scenario scenario : chosen) {
                    record(results, scenario, v.name(), Objects.requireNonNull(figures.get(scenario)), round, log);
                }
                load.sample();
            }
        }
        thingcore.useAotCache(true);
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
        warmConnectPath(thingcore, scenarios, settings);
        for (Scenario scenario : warmup) {
            scenarios.run(scenario, thingcore);
        }
        Map<Scenario, Result> results = new EnumMap<>(Scenario.class);
        for (Scenario scenario : chosen) {
            Result r = runQuiet(scenarios, scenario, thingcore, log);
            results.put(scenario, r);
            logResult(log, cores + " cores", scenario, thingcore.name(), r);
        }
        return new Report.Scaling(cores, results);
    }

    /**
     * The latency scenario of a round: both brokers in one window ({@link Scenarios#latencyAlongside}), after a
     * settling pass of the same kind where {@link #settlesBeforeEachRound} asks for one.
     */
    private static void latencyAlongside(
            Scenarios scenarios,
            List<Target> order,
            Settings settings,
            Map<Scenario, Map<String, List<Result>>> results,
            int round,
            MachineLoad load,
            Log log) {
        Scenario latency = Scenario.LATENCY_P99_MS;
        if (settlesBeforeEachRound(settings).contains(latency)) {
            awaitQuiet(latency, order, log);
            scenarios
                    .latencyAlongside(order)
                    .forEach((target, settling) -> logResult(
                            log, "round " + round + ", settling (not recorded)", latency, target.name(), settling));
            load.sample();
        }
        awaitQuiet(latency, order, log);
        scenarios
                .latencyAlongside(order)
                .forEach((target, r) -> record(results, latency, target.name(), r, round, log));
        load.sample();
    }

    /** Waits until each of {@code targets} and the generator are idle, or says in the log that they were not. */
    private static void awaitQuiet(Scenario scenario, List<Target> targets, Log log) {
        for (Target target : targets) {
            if (!Quiet.await(target.pid(), Quiet.LIMIT)) {
                log.line(
                        "%s %s: the broker or the generator was still busy after %d s; measured anyway",
                        scenario.id(), target.name(), Quiet.LIMIT.toSeconds());
            }
        }
    }

    /** Runs a measured warm scenario once both processes are idle ({@link Quiet}). */
    private static Result runQuiet(Scenarios scenarios, Scenario scenario, Target target, Log log) {
        awaitQuiet(scenario, List.of(target), log);
        return scenarios.run(scenario, target);
    }

    /**
     * As {@link #runQuiet}, with the {@link SyscallProbe} on the broker's core between the quiet and the pass: the
     * probe at each round's start misses a slow stretch of the machine that begins within the round, which then shows
     * in both brokers' figures and not in the probe (a three-round run, 2026-12-06: round 3 cost both brokers 36-77%
     * more CPU per message than round 1, its probe 11% slower; issue 14, item 5). About 0.2 s per pass, taken while
     * both brokers are idle, so it does not count in either's CPU.
     */
    private static Result runProbed(Scenarios scenarios, Scenario scenario, Target target, Log log) {
        awaitQuiet(scenario, List.of(target), log);
        double probeMs = SyscallProbe.millis(BROKER_CORE);
        return scenarios.run(scenario, target).withProbe(probeMs);
    }

    private static void logResult(Log log, String label, Scenario scenario, String target, Result r) {
        log.line(
                "%-7s %-16s %-13s %12.2f %-14s cpu/unit %8.3f  gen cpu %4.0f%%  failed %d%s",
                label,
                scenario.id(),
                target,
                r.value(),
                scenario.unit(),
                r.cpuPerUnit(),
                r.generatorCpuShare() * 100,
                r.failed(),
                Double.isNaN(r.probeMs()) ? "" : String.format(Locale.ROOT, "  probe %.0f ms", r.probeMs()));
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
}
