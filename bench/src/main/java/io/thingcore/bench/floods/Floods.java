package io.thingcore.bench.floods;

import io.netty.channel.EventLoopGroup;
import io.thingcore.bench.load.BenchPki;
import io.thingcore.bench.load.Log;
import io.thingcore.bench.load.ProcStats;
import io.thingcore.bench.load.ThingcoreTarget;
import io.thingcore.bench.load.WorkDirectory;
import io.thingcore.client.MqttClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Runs each {@link Flood} against a fresh gateway in a child process (unpinned) and measures what a legitimate client
 * sees before and during it ({@link Probe}), the gateway's resident memory and its log volume. {@code thingcore bench
 * floods} runs it.
 */
public final class Floods {
    /** The bound of issue 13: a flood may at most double a legitimate client's connect and publish p99. */
    public static final double P99_BOUND = 2.0;

    /** Subscribers of the slow-readers flood and publishers of the retained flood. */
    static final int SLOW_READERS = 20;

    static final int RETAINED_PUBLISHERS = 4;

    /** Publishes per second onto the slow readers' topic, and refused connection attempts per second. */
    static final int SLOW_READERS_RATE = 2000;

    static final int REFUSED_RATE = 100;

    private Floods() {}

    /** One flood's figures: the probes' windows quiet and flooded, and the gateway's memory and log. */
    public record Row(
            Flood flood,
            List<Probe.Figures> quietWindows,
            List<Probe.Figures> floodedWindows,
            long rssBeforeKb,
            long rssDuringKb,
            long rssAfterKb,
            double logBytesPerSecond,
            String summary) {
        public Row {
            quietWindows = List.copyOf(quietWindows);
            floodedWindows = List.copyOf(floodedWindows);
        }

        /** The quiet figures: medians over the windows. */
        public Probe.Figures quiet() {
            return Probe.Figures.over(quietWindows);
        }

        /** The figures during the flood: medians over the windows, every connect failure and message counted. */
        public Probe.Figures flooded() {
            return Probe.Figures.over(floodedWindows);
        }

        public double connectRatio() {
            return flooded().connectP99Ms() / quiet().connectP99Ms();
        }

        public double publishRatio() {
            return flooded().publishP99Ms() / quiet().publishP99Ms();
        }

        /** Within the bound, and the legitimate client lost nothing: every connect succeeded, every message arrived. */
        public boolean withinBound() {
            Probe.Figures flooded = flooded();
            return connectRatio() <= P99_BOUND
                    && publishRatio() <= P99_BOUND
                    && flooded.connectFailures() == 0
                    && flooded.delivered() >= flooded.sent();
        }
    }

    public static List<Row> run(FloodSettings settings, Log log) throws Exception {
        BenchPki devices = BenchPki.create(2 * settings.probePairs() + SLOW_READERS + 2);
        BenchPki.Device stranger = BenchPki.create(1).devices().get(0);
        List<Row> rows = new ArrayList<>();
        EventLoopGroup probeLoop = MqttClient.newEventLoopGroup(1);
        // Closed in reverse order: the gateway stops before its directory goes.
        try (WorkDirectory work = WorkDirectory.create("thingcore-floods");
                ThingcoreTarget gateway = ThingcoreTarget.start(work.resolve("gateway"), -1, devices, log)) {
            Path floodFiles = Files.createDirectories(work.resolve("flood-files"));
            FloodProcess.writeFiles(floodFiles, gateway.serverCa(), devices.devices(), stranger);
            // The floods run in processes of their own (ChildFlood); here the context serves the probe only.
            FloodContext context =
                    new FloodContext(gateway.port(), gateway.serverCa(), devices.devices(), stranger, probeLoop);
            Probe probe = new Probe(context, settings, probeLoop);
            probe.measure(); // warm-up of both JVMs, not reported
            for (Flood flood : settings.floods()) {
                List<Probe.Figures> quiet = probe.measureWindows();
                long rssBefore = ProcStats.rssKb(gateway.pid());
                long logBefore = gateway.outputChars();
                long started = System.nanoTime();
                List<Probe.Figures> flooded;
                long rssDuring;
                String summary;
                try (FloodLoad load = new ChildFlood(flood, gateway.port(), settings.heldConnections(), floodFiles)) {
                    Thread.sleep(settings.settle().toMillis());
                    flooded = probe.measureWindows();
                    rssDuring = ProcStats.rssKb(gateway.pid());
                    summary = load.summary();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double logRate = (gateway.outputChars() - logBefore) / seconds;
                TimeUnit.SECONDS.sleep(2);
                Row row = new Row(
                        flood, quiet, flooded, rssBefore, rssDuring, ProcStats.rssKb(gateway.pid()), logRate, summary);
                rows.add(row);
                log.line(
                        "%-16s connect p99 %6.2f -> %6.2f ms (%.2fx)  publish p99 %6.2f -> %6.2f ms (%.2fx)  RSS %,d ->"
                                + " %,d MB  log %,.0f B/s  %s",
                        flood.id(),
                        row.quiet().connectP99Ms(),
                        row.flooded().connectP99Ms(),
                        row.connectRatio(),
                        row.quiet().publishP99Ms(),
                        row.flooded().publishP99Ms(),
                        row.publishRatio(),
                        rssBefore / 1024,
                        rssDuring / 1024,
                        logRate,
                        summary);
            }
        } finally {
            probeLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        String report = markdown(settings, rows);
        log.print(report);
        if (settings.out() != null) {
            write(settings.out(), report);
        }
        return rows;
    }

    /** Starts {@code flood} in this process (a {@link FloodProcess} calls it). */
    static FloodLoad start(Flood flood, FloodContext context, int heldConnections) throws Exception {
        return switch (flood) {
            case UNFINISHED_TLS -> new UnfinishedTls(context, heldConnections);
            case NO_CONNECT -> new SilentTlsSessions(context, heldConnections);
            case SLOW_READERS -> new SlowReaders(context, SLOW_READERS, SLOW_READERS_RATE);
            case RETAINED -> new RetainedFlood(context, RETAINED_PUBLISHERS);
            case REFUSED_CONNECTS -> new RefusedConnects(context, REFUSED_RATE);
        };
    }

    static String markdown(FloodSettings settings, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%n## thingcore under floods (%d held connections, %d timed connects, %d pairs at %d msg/s QoS 1,"
                        + " %d s settle, %d windows of %d s quiet and flooded, medians)%n%n",
                settings.heldConnections(),
                settings.connectProbes(),
                settings.probePairs(),
                settings.probeRate(),
                settings.settle().toSeconds(),
                settings.windows(),
                settings.measure().toSeconds()));
        out.append("| flood | connect p99 quiet -> flood | publish p99 quiet -> flood | RSS before / during / after |"
                + " gateway log | within 2x, nothing lost | what the flood did | p99 per window, connect; publish"
                + " (quiet -> flood) |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f -> %.2f ms (%.2fx) | %.2f -> %.2f ms (%.2fx) | %,d / %,d / %,d MB | %,.0f B/s | %s |"
                            + " %s | %s -> %s; %s -> %s |%n",
                    row.flood().description(),
                    row.quiet().connectP99Ms(),
                    row.flooded().connectP99Ms(),
                    row.connectRatio(),
                    row.quiet().publishP99Ms(),
                    row.flooded().publishP99Ms(),
                    row.publishRatio(),
                    row.rssBeforeKb() / 1024,
                    row.rssDuringKb() / 1024,
                    row.rssAfterKb() / 1024,
                    row.logBytesPerSecond(),
                    row.withinBound() ? "yes" : "**no**",
                    row.summary(),
                    perWindow(row.quietWindows(), Probe.Figures::connectP99Ms),
                    perWindow(row.floodedWindows(), Probe.Figures::connectP99Ms),
                    perWindow(row.quietWindows(), Probe.Figures::publishP99Ms),
                    perWindow(row.floodedWindows(), Probe.Figures::publishP99Ms)));
        }
        return out.toString();
    }

    private static String perWindow(List<Probe.Figures> windows, ToDoubleFunction<Probe.Figures> p99) {
        return windows.stream()
                .map(w -> String.format(Locale.ROOT, "%.2f", p99.applyAsDouble(w)))
                .collect(Collectors.joining(" / "));
    }

    private static void write(Path out, String report) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("floods-" + LocalDate.now(ZoneOffset.UTC) + ".md"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
