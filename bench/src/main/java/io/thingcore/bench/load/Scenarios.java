package io.thingcore.bench.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Runs one scenario against one target and measures it. Every step is bounded in time. */
final class Scenarios {
    /** Handshakes in flight during a connect storm (the broker's accept queue and CPU decide the rate). */
    static final int CONNECT_CONCURRENCY = Integer.getInteger("thingcore.bench.connectConcurrency", 256);

    /**
     * Connect storms per round of {@link Scenario#CONNECT} (1 in the quick run). thingcore's storm of 1,000 handshakes
     * lasts about 0.4 s, a window in which one 50 ms stall of the 2-vCPU machine is an eighth of the figure: its
     * rounds were 9-23% apart where mosquitto's 1.4 s storms were 3% (issue 14, item 5). Three storms give every round
     * a window of over a second.
     */
    static final int CONNECT_PASSES = Integer.getInteger("thingcore.bench.connectPasses", 3);

    /** The connect storms of one round of {@link Scenario#CONNECT} with {@code settings}. */
    static int connectPasses(Settings settings) {
        return settings.quick() ? 1 : Math.max(1, CONNECT_PASSES);
    }

    /**
     * Restarts per round behind {@link Scenario#STARTUP_MS} (1 in the quick run), the figure their median.
     * mosquitto starts in 13-16 ms and now and then takes twice that (32 ms among fifteen starts on 2026-12-05):
     * with one start per round its rounds were 16.0 / 19.4 / 26.2 ms, 53% apart (issue 14, item 5).
     */
    static final int COLD_STARTS = Integer.getInteger("thingcore.bench.coldStarts", 5);

    /** The restarts of one round of {@link Scenario#STARTUP_MS} with {@code settings}. */
    static int coldStarts(Settings settings) {
        return settings.quick() ? 1 : Math.max(1, COLD_STARTS);
    }

    /** QoS 1 messages each publisher keeps in flight in the closed-loop throughput scenarios. */
    static final int P2P_WINDOW = 4;

    static final int FANIN_WINDOW = 1;
    static final int FANOUT_WINDOW = 2;

    /** Pairs publishing in the latency scenario (1,000 msg/s over 100 pairs: 10 msg/s each). */
    static final int LATENCY_PAIRS = 100;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    /** Between the steps of a rate search: no delivery for this long means the broker's queues have drained. */
    private static final Duration DRAIN_QUIET = Duration.ofMillis(250);

    /** The most a rate search waits for a drain (a broker that dropped nothing may still be working off a backlog). */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    /**
     * How long the idle connections are held before the broker's RSS is read (2 s); longer with {@code
     * -Dthingcore.bench.idleSettleSeconds=S}, e.g. to look at the broker with {@code jcmd} or {@code pmap} meanwhile.
     */
    static final Duration IDLE_SETTLE = Duration.ofSeconds(Integer.getInteger("thingcore.bench.idleSettleSeconds", 2));

    private final Generator generator;
    private final Settings settings;
    private final Log log;

    Scenarios(Generator generator, Settings settings, Log log) {
        this.generator = generator;
        this.settings = settings;
        this.log = log;
    }

    Result run(Scenario scenario, Target target) {
        return switch (scenario) {
            case CONNECT -> connect(target, connectPasses(settings));
            case P2P_QOS1 -> p2p(target);
            case FANIN_QOS1 -> fanin(target);
            case FANOUT_QOS0 -> fanout(target);
            case LATENCY_P99_MS -> latency(target);
            case MAX_RATE_P99 -> maxRate(target);
            case IDLE_KB_PER_CONN -> idle(target);
            case OTA_BLOCKS -> otaBlocks(target);
            case STARTUP_MS, COLD_CONNECT, COLD_P2P_QOS1 ->
                throw new IllegalArgumentException(scenario.id() + " is one of the figures of cold(target)");
        };
    }

    /**
     * A fresh broker process and its first minute: restarts {@code target} {@link #coldStarts} times for {@link
     * Scenario#STARTUP_MS} (each from the process's start to the first CONNACK over mutual TLS; the target's
     * readiness wait polls every millisecond, and the first connection is made as soon as it returns; the figure and
     * its CPU are the starts' medians), then, in the last start's process, the connect storm ({@link
     * Scenario#COLD_CONNECT}) and point-to-point QoS 1 ({@link Scenario#COLD_P2P_QOS1}) exactly as the warm
     * scenarios run them.
     */
    Map<Scenario, Result> cold(Target target) {
        int starts = coldStarts(settings);
        double[] startupMs = new double[starts];
        double[] cpuToStartMs = new double[starts];
        long failed = 0;
        for (int start = 0; start < starts; start++) {
            target.restart();
            Stats stats = new Stats();
            long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
            Generator.Opened first;
            do {
                first = generator.connectAll(target, 1, i -> 0, i -> id(0) + "-start", stats, 1, Duration.ofSeconds(5));
            } while (first.connections().isEmpty() && System.nanoTime() < deadline);
            if (first.connections().isEmpty()) {
                throw new IllegalStateException(
                        target.name() + ": no CONNACK within " + CONNECT_TIMEOUT + " of a restart");
            }
            cpuToStartMs[start] = ProcStats.cpuNanos(target.pid()) / 1e6;
            startupMs[start] = (first.lastAcceptedNanos() - target.startedNanos()) / 1e6;
            failed += first.failed();
            generator.closeAll(first.connections());
        }
        log.line(
                "startup %s: %s ms over %d starts",
                target.name(),
                Arrays.stream(startupMs)
                        .mapToObj(ms -> String.format(Locale.ROOT, "%.1f", ms))
                        .collect(Collectors.joining(" / ")),
                starts);
        Map<Scenario, Result> figures = new EnumMap<>(Scenario.class);
        figures.put(
                Scenario.STARTUP_MS,
                new Result(
                        Report.median(startupMs),
                        Report.median(cpuToStartMs),
                        Double.NaN,
                        starts,
                        failed,
                        Double.NaN,
                        ProcStats.peakRssKb(target.pid()),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Result.NO_PROBE));
        figures.put(Scenario.COLD_CONNECT, connect(target, 1));
        figures.put(Scenario.COLD_P2P_QOS1, p2p(target));
        return figures;
    }

    /**
     * Issue 12's figure: N devices download a 1 MiB stream at once in 1 KiB blocks over {@code
     * $aws/things/<thing>/streams/<stream>/get/cbor}, each with one request outstanding (see {@link
     * LoadConnection#startDownload}). The figure is blocks received per second; the CPU per unit is the broker's CPU
     * milliseconds per MiB of file delivered (1,024 blocks); latency is request to block.
     */
    private Result otaBlocks(Target target) {
        if (!target.name().equals(Comparison.THINGCORE)) {
            throw new IllegalArgumentException(
                    "ota_blocks: thingcore only (mosquitto has no MQTT-based file delivery)");
        }
        Stats stats = new Stats();
        Generator.Opened devices =
                generator.connectAll(target, n(), i -> i, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        try {
            for (String reply : List.of("data/cbor", "rejected/cbor")) {
                await(devices.connections().stream()
                        .map(d -> d.subscribe(streamPrefix(d) + reply, MqttQoS.AT_MOST_ONCE))
                        .toList());
            }
            stats.publishing = true;
            for (LoadConnection d : devices.connections()) {
                d.startDownload(streamPrefix(d), ThingcoreTarget.OTA_FILE_BYTES);
            }
            sleep(settings.warmup());
            stats.startRecording();
            long cpu0 = ProcStats.cpuNanos(target.pid());
            long gen0 = ProcStats.cpuNanos(ProcStats.self());
            long t0 = System.nanoTime();
            sleep(settings.measure());
            long blocks = stats.received.sum();
            long t1 = System.nanoTime();
            long cpu1 = ProcStats.cpuNanos(target.pid());
            long gen1 = ProcStats.cpuNanos(ProcStats.self());
            Histogram h = stats.stopRecording();
            stats.publishing = false;
            double cpuMs = (cpu1 - cpu0) / 1e6;
            double mib = blocks * (double) LoadConnection.OTA_BLOCK_BYTES / ThingcoreTarget.OTA_FILE_BYTES;
            return new Result(
                    blocks / ((t1 - t0) / 1e9),
                    cpuMs,
                    blocks == 0 ? Double.NaN : cpuMs / mib,
                    blocks,
                    stats.failed.sum(),
                    (gen1 - gen0) / (double) (t1 - t0),
                    ProcStats.peakRssKb(target.pid()),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()),
                    Result.NO_PROBE);
        } finally {
            stats.publishing = false;
            sleep(Duration.ofMillis(300));
            generator.closeAll(devices.connections());
        }
    }

    private static String streamPrefix(LoadConnection device) {
        return "$aws/things/" + device.clientId() + "/streams/" + ThingcoreTarget.OTA_STREAM + "/";
    }

    private int n() {
        return settings.connections();
    }

    private static String id(int device) {
        return BenchPki.clientId(device);
    }

    /**
     * Connect storm: N connections, N distinct certificates, CPU from the first SYN to the last CONNACK; {@code passes}
     * storms one after another (all N closed and both processes quiet in between), the figure over all of them: the
     * connections accepted over the storms' summed time, the broker's CPU over the storms only. The cold storm is one
     * pass, as it measures a broker's first connections.
     */
    private Result connect(Target target, int passes) {
        generator.prepare(target);
        long accepted = 0;
        long failed = 0;
        long stormNanos = 0;
        long brokerCpuNanos = 0;
        long generatorCpuNanos = 0;
        for (int pass = 0; pass < passes; pass++) {
            if (pass > 0 && !Quiet.await(target.pid(), Quiet.LIMIT)) {
                log.line(
                        "connect pass %d against %s: the processes were still busy after %d s",
                        pass + 1, target.name(), Quiet.LIMIT.toSeconds());
            }
            Stats stats = new Stats();
            long cpu0 = ProcStats.cpuNanos(target.pid());
            long gen0 = ProcStats.cpuNanos(ProcStats.self());
            Generator.Opened opened = generator.connectAll(
                    target, n(), i -> i, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
            brokerCpuNanos += ProcStats.cpuNanos(target.pid()) - cpu0;
            generatorCpuNanos += ProcStats.cpuNanos(ProcStats.self()) - gen0;
            stormNanos += Math.max(1, opened.lastAcceptedNanos() - opened.startNanos());
            accepted += opened.connections().size();
            failed += opened.failed();
            generator.closeAll(opened.connections());
        }
        double cpuMs = brokerCpuNanos / 1e6;
        return new Result(
                accepted / (stormNanos / 1e9),
                cpuMs,
                accepted == 0 ? Double.NaN : cpuMs / accepted,
                accepted,
                failed,
                generatorCpuNanos / (double) stormNanos,
                ProcStats.peakRssKb(target.pid()),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Result.NO_PROBE);
    }

    /** N/2 publishers to N/2 subscribers, one topic per pair, QoS 1 both ways, 64-256 byte payloads. */
    private Result p2p(Target target) {
        try (Pairs traffic = openPairs(target, n() / 2, "p2p")) {
            return drive(target, traffic.stats(), traffic.publishers(), 0, P2P_WINDOW, traffic.failed(), true);
        }
    }

    /** Latency at a light fixed load: open loop, {@link Settings#latencyRate()} msg/s over up to 100 pairs. */
    private Result latency(Target target) {
        try (Pairs traffic = openPairs(target, Math.min(LATENCY_PAIRS, n() / 2), "lat")) {
            // What else took either core meanwhile: the p99 rests on 1% of the latencies, and a window of the same
            // broker and build has come out 0.2 ms higher than the next (issue 14, item 5).
            long generatorFaults = ProcStats.minorFaults(ProcStats.self());
            long generatorSwitches = ProcStats.involuntarySwitches(ProcStats.self());
            long brokerFaults = ProcStats.minorFaults(target.pid());
            long brokerSwitches = ProcStats.involuntarySwitches(target.pid());
            Result r = drive(
                    target,
                    traffic.stats(),
                    traffic.publishers(),
                    settings.latencyRate(),
                    0,
                    traffic.failed(),
                    false,
                    settings.warmup(),
                    settings.latencyMeasure());
            log.line(
                    "latency %s: p99 %.3f ms; during the scenario the generator had %,d minor page faults and %,d"
                            + " involuntary context switches, the broker %,d and %,d",
                    target.name(),
                    r.p99Ms(),
                    ProcStats.minorFaults(ProcStats.self()) - generatorFaults,
                    ProcStats.involuntarySwitches(ProcStats.self()) - generatorSwitches,
                    ProcStats.minorFaults(target.pid()) - brokerFaults,
                    ProcStats.involuntarySwitches(target.pid()) - brokerSwitches);
            return r.withValue(r.p99Ms());
        }
    }

    /**
     * The latency scenario against every target at once, in one window: each gets its {@link Settings#latencyRate()}
     * msg/s over its own pairs, the targets' ticks spread evenly over the generator's 1 ms tick (two brokers half a
     * millisecond apart), so that what the machine does meanwhile falls on both alike. Run one after the other, the
     * figure followed the window's luck: a trace of the broker's core ({@code perf sched}, 8 s windows at 1,000 msg/s)
     * had stretches of 100-200 ms in which the vCPU woke late (0.2 ms instead of 0.03) and ran everything 3.5 times
     * slower, 261 such wake-ups in one broker's window and 59 in the other's, with nothing else running on the core:
     * at 1,000 msg/s such a stretch is 1% of an 18 s window, so it moves the p99 itself (issue 14, item 5). The
     * generator's CPU share in each result is that of both targets' traffic.
     */
    Map<Target, Result> latencyAlongside(List<Target> targets) {
        List<Pairs> traffic = new ArrayList<>();
        List<AutoCloseable> pacers = new ArrayList<>();
        try {
            for (Target target : targets) {
                traffic.add(openPairs(target, Math.min(LATENCY_PAIRS, n() / 2), "lat"));
            }
            for (int i = 0; i < targets.size(); i++) {
                Pairs pairs = traffic.get(i);
                pairs.stats().publishing = true;
                long phase = Generator.TICK_NANOS * i / targets.size();
                pacers.add(generator.pace(pairs.publishers(), settings.latencyRate(), 100, pairs.stats(), phase));
            }
            sleep(settings.warmup());
            traffic.forEach(pairs -> pairs.stats().startRecording());
            long[] cpu0 =
                    targets.stream().mapToLong(t -> ProcStats.cpuNanos(t.pid())).toArray();
            long gen0 = ProcStats.cpuNanos(ProcStats.self());
            long t0 = System.nanoTime();
            sleep(settings.latencyMeasure());
            long[] delivered =
                    traffic.stream().mapToLong(p -> p.stats().received.sum()).toArray();
            long[] skipped =
                    traffic.stream().mapToLong(p -> p.stats().skipped.sum()).toArray();
            long t1 = System.nanoTime();
            long[] cpu1 =
                    targets.stream().mapToLong(t -> ProcStats.cpuNanos(t.pid())).toArray();
            long gen1 = ProcStats.cpuNanos(ProcStats.self());
            Map<Target, Result> results = new LinkedHashMap<>();
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(i);
                Pairs pairs = traffic.get(i);
                Result r = measured(
                        target,
                        delivered[i],
                        pairs.failed() + skipped[i],
                        t1 - t0,
                        cpu1[i] - cpu0[i],
                        gen1 - gen0,
                        pairs.stats());
                log.line(
                        "latency %s (alongside %s): p99 %.3f ms",
                        target.name(),
                        targets.stream()
                                .filter(t -> t != target)
                                .map(Target::name)
                                .collect(Collectors.joining(", ")),
                        r.p99Ms());
                results.put(target, r.withValue(r.p99Ms()));
            }
            return results;
        } finally {
            for (Pairs pairs : traffic) {
                pairs.stats().publishing = false;
            }
            for (AutoCloseable pacer : pacers) {
                try {
                    pacer.close();
                } catch (Exception ignored) {
                    // cancelling a scheduled task does not throw
                }
            }
            // Let the in-flight messages drain before the connections close.
            sleep(Duration.ofMillis(300));
            traffic.forEach(Pairs::close);
        }
    }

    /**
     * The highest open-loop rate the broker sustains with its p99 under the bound: the latency scenario's traffic
     * (intended send time in the payload, so no coordinated omission) over N/2 pairs, so that no single connection
     * is the limit, stepped by {@link Settings#rateSearch()}. The figures are those of the step found; where no step
     * met the bound, 0 with the figures of the lowest step.
     */
    private Result maxRate(Target target) {
        RateSearch search = settings.rateSearch();
        try (Pairs traffic = openPairs(target, n() / 2, "rate")) {
            List<RateSearch.Step> steps = search.run(rate -> {
                Result measured = drive(
                        target,
                        traffic.stats(),
                        traffic.publishers(),
                        rate,
                        0,
                        traffic.failed(),
                        false,
                        search.warmup(),
                        search.measure());
                log.line(
                        "  %s %-9s offered %,9.0f msgs/s  delivered %,9.0f  p99 %8.2f ms  failed or skipped %,d  broker cpu"
                                + " %4.0f%%  gen cpu %4.0f%%  %s",
                        Scenario.MAX_RATE_P99.id(),
                        target.name(),
                        rate,
                        measured.value(),
                        measured.p99Ms(),
                        measured.failed(),
                        measured.brokerCpuMs() / search.measure().toMillis() * 100,
                        measured.generatorCpuShare() * 100,
                        search.meets(new RateSearch.Step(rate, measured)) ? "met" : "missed");
                awaitDrained(traffic.stats());
                return measured;
            });
            if (steps.stream().allMatch(search::meets)) {
                log.line(
                        "  %s %s: every step met, so the figure is a floor (the search ran out of steps)",
                        Scenario.MAX_RATE_P99.id(), target.name());
            }
            return search.best(steps)
                    .map(best -> best.measured().withValue(best.offered()))
                    .orElseGet(() -> steps.stream()
                            .min(Comparator.comparingDouble(RateSearch.Step::offered))
                            .orElseThrow()
                            .measured()
                            .withValue(0));
        }
    }

    /**
     * The connections of a pairs scenario: publisher {@code i} (device {@code i}) publishes QoS 1 to {@code
     * bench/<its client ID>/<leaf>}, to which only subscriber {@code i} (device {@code pairs + i}) subscribes.
     * Closing disconnects them all.
     */
    private record Pairs(
            Generator generator, Stats stats, List<LoadConnection> publishers, List<LoadConnection> all, long failed)
            implements AutoCloseable {
        @Override
        public void close() {
            generator.closeAll(all);
        }
    }

    private Pairs openPairs(Target target, int pairs, String leaf) {
        Stats stats = new Stats();
        Generator.Opened subs = generator.connectAll(
                target, pairs, i -> pairs + i, i -> id(pairs + i), stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        Generator.Opened pubs =
                generator.connectAll(target, pairs, i -> i, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        List<LoadConnection> all = new ArrayList<>(subs.connections());
        all.addAll(pubs.connections());
        Pairs traffic = new Pairs(generator, stats, pubs.connections(), all, subs.failed() + pubs.failed());
        try {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (LoadConnection sub : subs.connections()) {
                int pair = Integer.parseInt(sub.clientId().substring(4)) - pairs;
                acks.add(sub.subscribe("bench/" + id(pair) + "/" + leaf, MqttQoS.AT_LEAST_ONCE));
            }
            await(acks);
        } catch (RuntimeException e) {
            traffic.close();
            throw e;
        }
        for (LoadConnection pub : pubs.connections()) {
            pub.publishTo("bench/" + pub.clientId() + "/" + leaf, MqttQoS.AT_LEAST_ONCE, 64, 256);
        }
        return traffic;
    }

    /**
     * Waits until the subscribers have received nothing for {@link #DRAIN_QUIET} (at most {@link #DRAIN_LIMIT}): a
     * step the broker did not keep up with leaves messages queued, which would otherwise arrive, late, in the next
     * step's window.
     */
    private static void awaitDrained(Stats stats) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long seen = stats.arrived.sum();
        while (System.nanoTime() < deadline) {
            sleep(DRAIN_QUIET);
            long now = stats.arrived.sum();
            if (now == seen) {
                return;
            }
            seen = now;
        }
    }

    /** N-1 publishers, QoS 1, to one subscriber of {@code bench/+/fanin}. */
    private Result fanin(Target target) {
        Stats stats = new Stats();
        Generator.Opened sub =
                generator.connectAll(target, 1, i -> 0, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        Generator.Opened pubs = generator.connectAll(
                target, n() - 1, i -> i + 1, i -> id(i + 1), stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        List<LoadConnection> all = new ArrayList<>(sub.connections());
        all.addAll(pubs.connections());
        try {
            await(sub.connections().stream()
                    .map(s -> s.subscribe("bench/+/fanin", MqttQoS.AT_LEAST_ONCE))
                    .toList());
            for (LoadConnection pub : pubs.connections()) {
                pub.publishTo("bench/" + pub.clientId() + "/fanin", MqttQoS.AT_LEAST_ONCE, 64, 256);
            }
            return drive(target, stats, pubs.connections(), 0, FANIN_WINDOW, sub.failed() + pubs.failed(), true);
        } finally {
            generator.closeAll(all);
        }
    }

    /**
     * One publisher to N-1 subscribers at QoS 0 (each delivery is QoS 0). The publisher sends QoS 1 with a window of
     * {@value #FANOUT_WINDOW}, so the broker's PUBACK paces it and no queue grows without bound; the figure is
     * deliveries counted at the subscribers.
     */
    private Result fanout(Target target) {
        Stats stats = new Stats();
        Generator.Opened subs = generator.connectAll(
                target, n() - 1, i -> i + 1, i -> id(i + 1), stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        Generator.Opened pub =
                generator.connectAll(target, 1, i -> 0, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        List<LoadConnection> all = new ArrayList<>(subs.connections());
        all.addAll(pub.connections());
        try {
            await(subs.connections().stream()
                    .map(s -> s.subscribe("bench/" + id(0) + "/fanout", MqttQoS.AT_MOST_ONCE))
                    .toList());
            for (LoadConnection p : pub.connections()) {
                p.publishTo("bench/" + id(0) + "/fanout", MqttQoS.AT_LEAST_ONCE, 64, 256);
            }
            return drive(target, stats, pub.connections(), 0, FANOUT_WINDOW, subs.failed() + pub.failed());
        } finally {
            generator.closeAll(all);
        }
    }

    /**
     * Starts the publishers (open loop at {@code rate} if positive, else closed loop with {@code window}), warms
     * up, measures deliveries, broker CPU and latency over {@link Settings#measure()}, stops. The headline figure is
     * the rate delivered to the subscribers.
     */
    private Result drive(
            Target target, Stats stats, List<LoadConnection> publishers, double rate, int window, long failed) {
        return drive(target, stats, publishers, rate, window, failed, false);
    }

    /**
     * As above; {@code endToEnd}: closed loop where a delivery (not a PUBACK) releases the publisher's next message,
     * {@code window} messages per publisher on their way.
     */
    private Result drive(
            Target target,
            Stats stats,
            List<LoadConnection> publishers,
            double rate,
            int window,
            long failed,
            boolean endToEnd) {
        return drive(target, stats, publishers, rate, window, failed, endToEnd, settings.warmup(), settings.measure());
    }

    /** As above, with this warm-up and measurement window. */
    private Result drive(
            Target target,
            Stats stats,
            List<LoadConnection> publishers,
            double rate,
            int window,
            long failed,
            boolean endToEnd,
            Duration warmup,
            Duration measure) {
        if (publishers.isEmpty()) {
            throw new IllegalStateException(target.name() + ": no publisher connected");
        }
        stats.publishing = true;
        AutoCloseable pacer = null;
        if (rate > 0) {
            pacer = generator.pace(publishers, rate, 100, stats, 0);
        } else if (endToEnd) {
            stats.endToEnd = publishers.toArray(LoadConnection[]::new);
            for (int i = 0; i < publishers.size(); i++) {
                publishers.get(i).startEndToEnd(i, window);
            }
        } else {
            publishers.forEach(p -> p.startWindow(window));
        }
        try {
            sleep(warmup);
            stats.startRecording();
            long cpu0 = ProcStats.cpuNanos(target.pid());
            long gen0 = ProcStats.cpuNanos(ProcStats.self());
            long t0 = System.nanoTime();
            sleep(measure);
            long delivered = stats.received.sum();
            long skipped = stats.skipped.sum();
            long t1 = System.nanoTime();
            long stalled = endToEnd ? stalledPublishers(publishers, t0) : 0;
            if (stalled > 0) {
                log.line(
                        "%s: %,d of %,d publishers had no message delivered in the window (lost messages)",
                        target.name(), stalled, publishers.size());
            }
            long cpu1 = ProcStats.cpuNanos(target.pid());
            long gen1 = ProcStats.cpuNanos(ProcStats.self());
            return measured(target, delivered, failed + skipped + stalled, t1 - t0, cpu1 - cpu0, gen1 - gen0, stats);
        } finally {
            stats.publishing = false;
            if (pacer != null) {
                try {
                    pacer.close();
                } catch (Exception ignored) {
                    // cancelling a scheduled task does not throw
                }
            }
            // Let the in-flight messages drain before the connections close.
            sleep(Duration.ofMillis(300));
        }
    }

    /** A window's figures: {@code delivered} messages and the CPU nanoseconds used over {@code windowNanos}. */
    private static Result measured(
            Target target,
            long delivered,
            long failed,
            long windowNanos,
            long brokerCpuNanos,
            long generatorCpuNanos,
            Stats stats) {
        Histogram h = stats.stopRecording();
        double cpuMs = brokerCpuNanos / 1e6;
        return new Result(
                delivered / (windowNanos / 1e9),
                cpuMs,
                delivered == 0 ? Double.NaN : cpuMs / delivered * 1000,
                delivered,
                failed,
                generatorCpuNanos / (double) windowNanos,
                ProcStats.peakRssKb(target.pid()),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()),
                Result.NO_PROBE);
    }

    /**
     * Publishers of an end-to-end loop none of whose messages arrived since {@code since}: each waits for a message
     * the broker acknowledged and never delivered (mosquitto at its default limits dropped messages towards the fan-in
     * subscriber, and every drop silently took one publisher out of the loop), so the count is logged and reported
     * with the failures.
     */
    static long stalledPublishers(List<LoadConnection> publishers, long since) {
        return publishers.stream()
                .filter(p -> p.lastDeliveredNanos() - since < 0)
                .count();
    }

    /**
     * Idle connections: the broker's RSS growth per connection between half and all of the idle connections (the
     * marginal cost of one more connection at the largest count; fixed costs such as a JVM's young generation, which
     * any traffic touches, or an allocator's arenas are paid by the first half). The average over all connections,
     * from a freshly started broker, is logged beside it. Certificates are reused round robin with distinct client
     * IDs, so the count is not limited by how many certificates were registered.
     */
    private Result idle(Target target) {
        Stats stats = new Stats();
        // A fresh broker process: memory freed by the earlier scenarios stays resident (JVM heap, malloc arenas)
        // and would be reused by these connections, hiding their cost. A few connections first load the classes.
        target.restart();
        generator.closeAll(generator
                .connectAll(
                        target, Math.min(50, n()), i -> i, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT)
                .connections());
        sleep(Duration.ofSeconds(1));
        long rss0 = ProcStats.rssKb(target.pid());
        long cpu0 = ProcStats.cpuNanos(target.pid());
        int count = settings.idleConnections();
        int half = count / 2;
        List<LoadConnection> held = new ArrayList<>();
        try {
            Generator.Opened first = openIdle(target, 0, half, stats);
            held.addAll(first.connections());
            sleep(IDLE_SETTLE);
            long rssHalf = ProcStats.rssKb(target.pid());
            Generator.Opened second = openIdle(target, half, count - half, stats);
            held.addAll(second.connections());
            sleep(IDLE_SETTLE);
            long rssAll = ProcStats.rssKb(target.pid());
            long cpu1 = ProcStats.cpuNanos(target.pid());
            long failed = first.failed() + second.failed();
            int secondHeld = second.connections().size();
            double marginal = secondHeld == 0 ? Double.NaN : (rssAll - rssHalf) / (double) secondHeld;
            double average = held.isEmpty() ? Double.NaN : (rssAll - rss0) / (double) held.size();
            log.line(
                    "idle %s: RSS %,d KB fresh, %,d KB with %,d connections, %,d KB with %,d: %.1f KB per connection"
                            + " from %,d to %,d, %.1f KB on average",
                    target.name(),
                    rss0,
                    rssHalf,
                    first.connections().size(),
                    rssAll,
                    held.size(),
                    marginal,
                    first.connections().size(),
                    held.size(),
                    average);
            double cpuMs = (cpu1 - cpu0) / 1e6;
            return new Result(
                    marginal,
                    cpuMs,
                    held.isEmpty() ? Double.NaN : cpuMs / held.size(),
                    held.size(),
                    failed,
                    Double.NaN,
                    ProcStats.peakRssKb(target.pid()),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Result.NO_PROBE);
        } finally {
            generator.closeAll(held);
            awaitQuiet(target);
        }
    }

    /**
     * Waits until the broker has finished tearing down the idle connections (under 5% of a core for 500 ms, at most
     * 30 s): otherwise the next scenario, the next round's connect storm, would be measured while the broker still
     * closes thousands of connections and collects their memory.
     */
    private static void awaitQuiet(Target target) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long before = ProcStats.cpuNanos(target.pid());
        while (System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(500));
            long now = ProcStats.cpuNanos(target.pid());
            if (now - before < Duration.ofMillis(25).toNanos()) {
                return;
            }
            before = now;
        }
    }

    /** Opens {@code count} idle connections numbered from {@code first} (certificates reused round robin). */
    private Generator.Opened openIdle(Target target, int first, int count, Stats stats) {
        return generator.connectAll(
                target,
                count,
                i -> (first + i) % n(),
                i -> id((first + i) % n()) + "-idle-" + (first + i),
                stats,
                CONNECT_CONCURRENCY,
                Duration.ofSeconds(120));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static void await(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("subscribing failed: " + e, e);
        }
    }

    private static void sleep(Duration d) {
        ThingcoreTarget.sleep(d.toMillis());
    }
}
