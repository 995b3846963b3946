package io.thingcore.bench.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Runs one scenario against one target and measures it. Every step is bounded in time. */
final class Scenarios {
    /** Handshakes in flight during a connect storm (the broker's accept queue and CPU decide the rate). */
    static final int CONNECT_CONCURRENCY = Integer.getInteger("thingcore.bench.connectConcurrency", 256);

    /** QoS 1 messages each publisher keeps in flight in the closed-loop throughput scenarios. */
    static final int P2P_WINDOW = 4;

    static final int FANIN_WINDOW = 1;
    static final int FANOUT_WINDOW = 2;

    /** Pairs publishing in the latency scenario (1,000 msg/s over 100 pairs: 10 msg/s each). */
    static final int LATENCY_PAIRS = 100;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

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
            case CONNECT -> connect(target);
            case P2P_QOS1 -> p2p(target);
            case FANIN_QOS1 -> fanin(target);
            case FANOUT_QOS0 -> fanout(target);
            case LATENCY_P99_MS -> latency(target);
            case IDLE_KB_PER_CONN -> idle(target);
        };
    }

    private int n() {
        return settings.connections();
    }

    private static String id(int device) {
        return BenchPki.clientId(device);
    }

    /** Connect storm: N connections, N distinct certificates, CPU from the first SYN to the last CONNACK. */
    private Result connect(Target target) {
        generator.prepare(target);
        Stats stats = new Stats();
        long cpu0 = ProcStats.cpuNanos(target.pid());
        long gen0 = ProcStats.cpuNanos(ProcStats.self());
        Generator.Opened opened =
                generator.connectAll(target, n(), i -> i, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        long cpu1 = ProcStats.cpuNanos(target.pid());
        long gen1 = ProcStats.cpuNanos(ProcStats.self());
        long wall = opened.lastAcceptedNanos() - opened.startNanos();
        int ok = opened.connections().size();
        generator.closeAll(opened.connections());
        double cpuMs = (cpu1 - cpu0) / 1e6;
        return new Result(
                ok / opened.seconds(),
                cpuMs,
                ok == 0 ? Double.NaN : cpuMs / ok,
                ok,
                opened.failed(),
                (gen1 - gen0) / (double) Math.max(1, wall),
                ProcStats.peakRssKb(target.pid()),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    /** N/2 publishers to N/2 subscribers, one topic per pair, QoS 1 both ways, 64-256 byte payloads. */
    private Result p2p(Target target) {
        int pairs = n() / 2;
        return pairs(target, pairs, 0, P2P_WINDOW, "p2p");
    }

    /** Latency at a light fixed load: open loop, {@link Settings#latencyRate()} msg/s over up to 100 pairs. */
    private Result latency(Target target) {
        int pairs = Math.min(LATENCY_PAIRS, n() / 2);
        return pairs(target, pairs, settings.latencyRate(), 0, "lat");
    }

    private Result pairs(Target target, int pairs, double rate, int window, String leaf) {
        Stats stats = new Stats();
        Generator.Opened subs = generator.connectAll(
                target, pairs, i -> pairs + i, i -> id(pairs + i), stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        Generator.Opened pubs =
                generator.connectAll(target, pairs, i -> i, Scenarios::id, stats, CONNECT_CONCURRENCY, CONNECT_TIMEOUT);
        List<LoadConnection> all = new ArrayList<>(subs.connections());
        all.addAll(pubs.connections());
        try {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (LoadConnection sub : subs.connections()) {
                int pair = Integer.parseInt(sub.clientId().substring(4)) - pairs;
                acks.add(sub.subscribe("bench/" + id(pair) + "/" + leaf, MqttQoS.AT_LEAST_ONCE));
            }
            await(acks);
            for (LoadConnection pub : pubs.connections()) {
                pub.publishTo("bench/" + pub.clientId() + "/" + leaf, MqttQoS.AT_LEAST_ONCE, 64, 256);
            }
            return drive(target, stats, pubs.connections(), rate, window, subs.failed() + pubs.failed(), rate <= 0);
        } finally {
            generator.closeAll(all);
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
     * up, measures deliveries, broker CPU and latency over {@link Settings#measure()}, stops.
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
        if (publishers.isEmpty()) {
            throw new IllegalStateException(target.name() + ": no publisher connected");
        }
        stats.publishing = true;
        AutoCloseable pacer = null;
        if (rate > 0) {
            pacer = generator.pace(publishers, rate, 100, stats);
        } else if (endToEnd) {
            stats.endToEnd = publishers.toArray(LoadConnection[]::new);
            for (int i = 0; i < publishers.size(); i++) {
                publishers.get(i).startEndToEnd(i, window);
            }
        } else {
            publishers.forEach(p -> p.startWindow(window));
        }
        try {
            sleep(settings.warmup());
            stats.startRecording();
            long cpu0 = ProcStats.cpuNanos(target.pid());
            long gen0 = ProcStats.cpuNanos(ProcStats.self());
            long t0 = System.nanoTime();
            sleep(settings.measure());
            long delivered = stats.received.sum();
            long skipped = stats.skipped.sum();
            long t1 = System.nanoTime();
            long cpu1 = ProcStats.cpuNanos(target.pid());
            long gen1 = ProcStats.cpuNanos(ProcStats.self());
            Histogram h = stats.stopRecording();
            double seconds = (t1 - t0) / 1e9;
            double cpuMs = (cpu1 - cpu0) / 1e6;
            double p99 = ms(h.getValueAtPercentile(99));
            return new Result(
                    rate > 0 ? p99 : delivered / seconds,
                    cpuMs,
                    delivered == 0 ? Double.NaN : cpuMs / delivered * 1000,
                    delivered,
                    failed + skipped,
                    (gen1 - gen0) / (double) (t1 - t0),
                    ProcStats.peakRssKb(target.pid()),
                    ms(h.getValueAtPercentile(50)),
                    p99,
                    ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()));
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

    /**
     * Idle connections held: the broker's resident memory before and after opening them (after a settle), divided
     * by their number, on a freshly restarted broker. Certificates are reused round robin with distinct client IDs, so the count is not limited
     * by how many certificates were registered.
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
        Generator.Opened opened = generator.connectAll(
                target,
                count,
                i -> i % n(),
                i -> id(i % n()) + "-idle-" + i,
                stats,
                CONNECT_CONCURRENCY,
                Duration.ofSeconds(120));
        try {
            sleep(Duration.ofSeconds(2));
            long rss1 = ProcStats.rssKb(target.pid());
            long cpu1 = ProcStats.cpuNanos(target.pid());
            int held = opened.connections().size();
            double cpuMs = (cpu1 - cpu0) / 1e6;
            return new Result(
                    held == 0 ? Double.NaN : (rss1 - rss0) / (double) held,
                    cpuMs,
                    held == 0 ? Double.NaN : cpuMs / held,
                    held,
                    opened.failed(),
                    Double.NaN,
                    ProcStats.peakRssKb(target.pid()),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
        } finally {
            generator.closeAll(opened.connections());
        }
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
