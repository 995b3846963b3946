package io.thingcore.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one comparison: per scenario and target the median over the rounds, the ratio thingcore/mosquitto,
 * and the targets; and, if it ran, thingcore's scaling run against its 1-core figures. Printed as tables,
 * written as {@code <date>.md} and {@code latest.json}.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String date;
    private final Map<String, String> machine;
    private final Settings settings;
    private final boolean pinned;
    private final Map<Scenario, Map<String, List<Result>>> results;
    private final @Nullable Scaling scaling;
    private final List<MachineLoad.Window> load;
    private final String aotCache;

    /** Rounds that disagree by more than this (max - min over the median) mark a figure {@code unstable}. */
    static final double UNSTABLE_SPREAD = 0.15;

    /**
     * A median generator CPU share of at least this marks a figure {@code generator-bound}: the one-thread generator,
     * on its own core, then set the rate (and, queueing its own reads, added to the latency), so the broker's figure is
     * a floor. On the bench's 2-vCPU machine the rate search's steps of 64,000-128,000 msgs/s against thingcore ran
     * the generator at 89-100% of its core with a p99 of 37-87 ms, and fan-in's rounds at 96-98%
     * (bench/README.md, "Where a message waits at the rate under the bound").
     */
    static final double GENERATOR_BOUND_SHARE = 0.90;

    /** Issue 14, item 2: the rate under the latency bound at least this many times mosquitto's. */
    static final double MAX_RATE_RATIO = 1.5;

    /** Issue 14, item 4: broker CPU per full mutual-TLS handshake, ms (the crypto floor is about 0.29 ms per core). */
    static final double HANDSHAKE_CPU_MS = 0.40;

    /** Issue 14, item 4: the p99 at the latency scenario's rate at most this share of mosquitto's. */
    static final double LATENCY_RATIO = 0.8;

    /** Issue 14, item 4: the marginal RSS per idle mutual-TLS connection, KB. */
    static final double IDLE_KB = 8;

    /** Issue 14, item 4: every throughput scenario at least this many times mosquitto's. */
    static final double THROUGHPUT_RATIO = 2.0;

    /** A target line whose figures this run did not measure (a run of some scenarios only). */
    private static final String NOT_RUN = "not run ";

    /**
     * thingcore alone on every core, unpinned, with the generator pinned to one of them, once per scenario.
     *
     * @param cores how many cores thingcore could use
     * @param results its figures, per scenario run
     */
    public record Scaling(int cores, Map<Scenario, Result> results) {}

    /**
     * @param scaling null where no scaling run was made
     * @param load the machine's steal time and load average per window of the run, the whole run last
     * @param aotCache what the cold figures of {@value Comparison#THINGCORE_AOT} used: the AOT cache's path, or why
     *     there are none
     */
    Report(
            String date,
            Map<String, String> machine,
            Settings settings,
            boolean pinned,
            Map<Scenario, Map<String, List<Result>>> results,
            @Nullable Scaling scaling,
            List<MachineLoad.Window> load,
            String aotCache) {
        this.date = date;
        this.machine = machine;
        this.settings = settings;
        this.pinned = pinned;
        this.results = results;
        this.scaling = scaling;
        this.load = List.copyOf(load);
        this.aotCache = aotCache;
    }

    /** The headline figure of every round of {@code scenario} against {@code target}, in round order. */
    public List<Double> rounds(Scenario scenario, String target) {
        return results.getOrDefault(scenario, Map.of()).getOrDefault(target, List.of()).stream()
                .map(Result::value)
                .toList();
    }

    /**
     * How much the rounds disagree: (max - min) / median of the headline figures; NaN with fewer than two rounds (or a
     * median of 0).
     */
    public double spread(Scenario scenario, String target) {
        double[] values = rounds(scenario, target).stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v))
                .toArray();
        return spreadAround(values, value(scenario, target));
    }

    /** (max - min) / |median| of {@code values}; NaN with fewer than two values (or a median of 0). */
    private static double spreadAround(double[] values, double median) {
        if (values.length < 2 || median == 0 || Double.isNaN(median)) {
            return Double.NaN;
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        return (max - min) / Math.abs(median);
    }

    /** Whether the rounds of this figure disagree by more than {@value #UNSTABLE_SPREAD} of its median. */
    public boolean unstable(Scenario scenario, String target) {
        return spread(scenario, target) > UNSTABLE_SPREAD;
    }

    /**
     * Whether the generator set this figure: its median CPU share over the rounds reached {@value
     * #GENERATOR_BOUND_SHARE} of its core.
     */
    public boolean generatorBound(Scenario scenario, String target) {
        return median(scenario, target, Result::generatorCpuShare) >= GENERATOR_BOUND_SHARE;
    }

    /** The figures the generator set ({@link #generatorBound}), as {@code scenario/target}. */
    public List<String> generatorBoundFigures() {
        return figuresWhere(this::generatorBound);
    }

    /** thingcore / mosquitto per round (rounds paired in order); as many as both have. */
    public List<Double> roundRatios(Scenario scenario, String over) {
        List<Double> a = rounds(scenario, over);
        List<Double> b = rounds(scenario, Comparison.MOSQUITTO);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return ratios;
    }

    /** The machine's steal time and load per window of the run, the whole run last. */
    public List<MachineLoad.Window> load() {
        return load;
    }

    /** The figures whose rounds disagree by more than {@value #UNSTABLE_SPREAD}, as {@code scenario/target}. */
    public List<String> unstableFigures() {
        return figuresWhere(this::unstable);
    }

    /** The figures, as {@code scenario/target}, for which {@code test} holds. */
    private List<String> figuresWhere(BiPredicate<Scenario, String> test) {
        List<String> figures = new ArrayList<>();
        results.forEach((s, perTarget) -> perTarget.keySet().forEach(t -> {
            if (test.test(s, t)) {
                figures.add(s.id() + "/" + t);
            }
        }));
        return figures;
    }

    /** The scaling run, if one was made. */
    public Optional<Scaling> scaling() {
        return Optional.ofNullable(scaling);
    }

    /** The median of {@code field} over the rounds of {@code scenario} against {@code target}; NaN if none. */
    public double median(Scenario scenario, String target, ToDoubleFunction<Result> field) {
        List<Result> rounds = results.getOrDefault(scenario, Map.of()).getOrDefault(target, List.of());
        return median(rounds.stream().mapToDouble(field).toArray());
    }

    /** The median of {@code values} that are not NaN; NaN if none. */
    static double median(double[] values) {
        double[] sorted =
                Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The headline figure (median over rounds). */
    public double value(Scenario scenario, String target) {
        return median(scenario, target, Result::value);
    }

    public double ratio(Scenario scenario) {
        return value(scenario, Comparison.THINGCORE) / value(scenario, Comparison.MOSQUITTO);
    }

    /**
     * Issue 14's bar, each line with whether this run met it ({@code met}, {@code MISSED}, or {@code not run} when a
     * figure it needs was not measured): thingcore at least as good as mosquitto in every round of every figure (issue
     * 6's bar, per round), then the items in order: fan-in CPU per message, the rate under the latency bound,
     * the cold figures, the raised bar on the rest, and stable rounds. A note names the figures the generator set.
     */
    public List<String> targets() {
        List<String> lines = new ArrayList<>();
        lines.add(everyRoundAtLeastMosquitto());
        double faninCpu = median(Scenario.FANIN_QOS1, Comparison.THINGCORE, Result::cpuPerUnit);
        double faninCpuMosquitto = median(Scenario.FANIN_QOS1, Comparison.MOSQUITTO, Result::cpuPerUnit);
        lines.add(verdict(
                measured(faninCpu, faninCpuMosquitto),
                faninCpu <= faninCpuMosquitto,
                "fan-in QoS 1 broker CPU per message <= mosquitto's: %s against %s ms per 1,000 msgs",
                fmt(faninCpu),
                fmt(faninCpuMosquitto)));
        double maxRate = ratio(Scenario.MAX_RATE_P99);
        lines.add(verdict(
                measured(maxRate),
                maxRate >= MAX_RATE_RATIO && !unstable(Scenario.MAX_RATE_P99, Comparison.THINGCORE),
                "rate under the p99 bound >= %.1fx, its rounds within %.0f%%: %s, %s",
                MAX_RATE_RATIO,
                UNSTABLE_SPREAD * 100,
                times(maxRate),
                spreadText(spread(Scenario.MAX_RATE_P99, Comparison.THINGCORE))));
        for (Scenario cold : List.of(Scenario.COLD_CONNECT, Scenario.COLD_P2P_QOS1)) {
            double coldRatio = value(cold, Comparison.THINGCORE_AOT) / value(cold, Comparison.MOSQUITTO);
            lines.add(verdict(
                    measured(coldRatio),
                    coldRatio >= 1.0,
                    "%s (AOT cache) >= 1.0x mosquitto: %s",
                    cold.id(),
                    times(coldRatio)));
        }
        double connectCpu = median(Scenario.CONNECT, Comparison.THINGCORE, Result::cpuPerUnit);
        lines.add(verdict(
                measured(connectCpu),
                connectCpu <= HANDSHAKE_CPU_MS,
                "broker CPU <= %.2f ms per mutual-TLS connection (a full handshake): %s ms",
                HANDSHAKE_CPU_MS,
                fmt(connectCpu)));
        lines.add(verdict(
                measured(ratio(Scenario.LATENCY_P99_MS)),
                ratio(Scenario.LATENCY_P99_MS) <= LATENCY_RATIO,
                "p99 at %d msg/s <= %.1fx mosquitto's: %s (%s against %s ms)",
                settings.latencyRate(),
                LATENCY_RATIO,
                times(ratio(Scenario.LATENCY_P99_MS)),
                fmt(value(Scenario.LATENCY_P99_MS, Comparison.THINGCORE)),
                fmt(value(Scenario.LATENCY_P99_MS, Comparison.MOSQUITTO))));
        double idle = value(Scenario.IDLE_KB_PER_CONN, Comparison.THINGCORE);
        lines.add(verdict(
                measured(idle),
                idle <= IDLE_KB,
                "idle memory <= %.0f KB per mutual-TLS connection at %d connections (marginal RSS): %s KB",
                IDLE_KB,
                settings.idleConnections(),
                fmt(idle)));
        lines.add(everyThroughputAtLeast());
        List<String> unstable = unstableFigures();
        lines.add(verdict(
                true,
                unstable.isEmpty(),
                "no figure whose rounds disagree by more than %.0f%%: %s",
                UNSTABLE_SPREAD * 100,
                unstable.isEmpty() ? "none" : String.join(", ", unstable)));
        List<String> generatorBound = generatorBoundFigures();
        if (!generatorBound.isEmpty()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "note    set by the generator (its core at >= %.0f%%), so a floor of the broker's: %s",
                    GENERATOR_BOUND_SHARE * 100,
                    String.join(", ", generatorBound)));
        }
        return lines;
    }

    /**
     * Whether thingcore was at least as good as mosquitto in every round of every figure both have: the compared
     * figures, and the cold ones with the AOT cache that {@code ./thingcore} starts with. The rounds that were not,
     * with their ratio, are named.
     */
    private String everyRoundAtLeastMosquitto() {
        List<String> behind = new ArrayList<>();
        boolean any = false;
        for (Scenario s : Scenario.values()) {
            String over = switch (s.kind()) {
                case COMPARED -> Comparison.THINGCORE;
                case COLD -> Comparison.THINGCORE_AOT;
                case THINGCORE_ONLY -> null;
            };
            if (over == null) {
                continue;
            }
            List<Double> ratios = roundRatios(s, over);
            for (int i = 0; i < ratios.size(); i++) {
                double r = ratios.get(i);
                if (Double.isNaN(r)) {
                    continue;
                }
                any = true;
                if (s.higherIsBetter() ? r < 1.0 : r > 1.0) {
                    behind.add(String.format(Locale.ROOT, "%s round %d %s", s.id(), i + 1, times(r)));
                }
            }
        }
        String text = "every figure at least mosquitto's in every round: "
                + (behind.isEmpty() ? "all" : "behind in " + String.join(", ", behind));
        return verdict(any, behind.isEmpty(), "%s", text);
    }

    /**
     * Whether every throughput scenario reached {@value #THROUGHPUT_RATIO}x mosquitto: the warm compared figures where
     * more is better, except the rate under the p99 bound, which has a bar of its own.
     */
    private String everyThroughputAtLeast() {
        List<String> figures = new ArrayList<>();
        boolean met = true;
        for (Scenario s : Scenario.values()) {
            if (s.kind() != Scenario.Kind.COMPARED || !s.higherIsBetter() || s == Scenario.MAX_RATE_P99) {
                continue;
            }
            double r = ratio(s);
            if (Double.isNaN(r)) {
                continue;
            }
            met &= r >= THROUGHPUT_RATIO;
            figures.add(s.id() + " " + times(r));
        }
        String text = String.format(
                Locale.ROOT, "every throughput scenario >= %.1fx: %s", THROUGHPUT_RATIO, String.join(", ", figures));
        return verdict(!figures.isEmpty(), met, "%s", text);
    }

    /** {@code met} or {@code MISSED} and the text; {@code not run} when the figures it needs were not measured. */
    private static String verdict(boolean measured, boolean met, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        if (!measured) {
            return NOT_RUN + text;
        }
        return (met ? "met     " : "MISSED  ") + text;
    }

    /** Whether every one of {@code figures} was measured (a run of some scenarios leaves the others NaN). */
    private static boolean measured(double... figures) {
        return Arrays.stream(figures).noneMatch(Double::isNaN);
    }

    /** {@code 1.09x}, or {@code n/a}. */
    private static String times(double ratio) {
        String r = fmtRatio(ratio);
        return r.equals("n/a") ? r : r + "x";
    }

    /** {@code 12% apart}, or {@code one round} where there is no spread to tell. */
    private static String spreadText(double spread) {
        return Double.isNaN(spread) ? "one round" : String.format(Locale.ROOT, "%.0f%% apart", spread * 100);
    }

    /**
     * The main table: per compared scenario the medians, the ratio thingcore/mosquitto, the ratio in each round, and
     * each broker's rounds with their spread ({@code unstable} past {@value #UNSTABLE_SPREAD}).
     */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "| %-16s | %-14s | %12s | %12s | %7s | %-20s | %-34s | %-34s |%n",
                "figure",
                "unit",
                "thingcore",
                "mosquitto",
                "ratio",
                "ratio per round",
                "thingcore rounds (spread)",
                "mosquitto rounds (spread)"));
        b.append("|------------------|----------------|-------------:|-------------:|--------:|----------------------"
                + "|------------------------------------|------------------------------------|\n");
        for (Scenario s : Scenario.values()) {
            if (s.kind() != Scenario.Kind.COMPARED) {
                continue;
            }
            b.append(String.format(
                    Locale.ROOT,
                    "| %-16s | %-14s | %12s | %12s | %7s | %-20s | %-34s | %-34s |%n",
                    s.id(),
                    s.unit(),
                    fmt(value(s, Comparison.THINGCORE)),
                    fmt(value(s, Comparison.MOSQUITTO)),
                    String.format(Locale.ROOT, "%.2f", ratio(s)),
                    ratios(roundRatios(s, Comparison.THINGCORE)),
                    roundsCell(s, Comparison.THINGCORE),
                    roundsCell(s, Comparison.MOSQUITTO)));
        }
        return b.toString();
    }

    /**
     * The figures of a fresh broker process (per round: thingcore with its AOT cache, without it, mosquitto): start-up
     * time, then a connect storm and point-to-point QoS 1 in its first minute. Empty where none ran.
     */
    public String coldTable() {
        List<Scenario> cold = ran(Scenario.Kind.COLD);
        if (cold.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(
                "| figure | unit | thingcore, AOT cache | thingcore, no cache | mosquitto | ratio with cache"
                        + " | ratio without | rounds with cache (spread) | rounds without (spread) | mosquitto rounds (spread) |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Scenario s : cold) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    s.id(),
                    s.unit(),
                    fmt(value(s, Comparison.THINGCORE_AOT)),
                    fmt(value(s, Comparison.THINGCORE)),
                    fmt(value(s, Comparison.MOSQUITTO)),
                    fmtRatio(value(s, Comparison.THINGCORE_AOT) / value(s, Comparison.MOSQUITTO)),
                    fmtRatio(value(s, Comparison.THINGCORE) / value(s, Comparison.MOSQUITTO)),
                    roundsCell(s, Comparison.THINGCORE_AOT),
                    roundsCell(s, Comparison.THINGCORE),
                    roundsCell(s, Comparison.MOSQUITTO)));
        }
        return b.toString();
    }

    /** The thingcore-only figures (mosquitto has no equivalent): median, rounds, CPU per unit. Empty where none ran. */
    public String thingcoreOnlyTable() {
        List<Scenario> only = ran(Scenario.Kind.THINGCORE_ONLY);
        if (only.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(
                "| figure (thingcore only) | unit | thingcore | rounds (spread) | broker CPU per unit | p50 / p99 ms |\n");
        b.append("|---|---|---:|---|---:|---:|\n");
        for (Scenario s : only) {
            String t = Comparison.THINGCORE;
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s %s | %s / %s |%n",
                    s.id(),
                    s.unit(),
                    fmt(value(s, t)),
                    roundsCell(s, t),
                    fmt(median(s, t, Result::cpuPerUnit)),
                    s.cpuUnit(),
                    fmt(median(s, t, Result::p50Ms)),
                    fmt(median(s, t, Result::p99Ms))));
        }
        return b.toString();
    }

    /** Steal time, load average and the syscall probe per window of the run, the whole run last. */
    public String loadTable() {
        StringBuilder b = new StringBuilder();
        b.append("| window | CPU time stolen | load average (1 min), mean | max | syscall probe, ms (broker's core /"
                + " generator's) |\n");
        b.append("|---|---:|---:|---:|---:|\n");
        for (MachineLoad.Window w : load) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    w.label(),
                    Double.isNaN(w.stealShare()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", w.stealShare() * 100),
                    Double.isNaN(w.loadMean()) ? "n/a" : String.format(Locale.ROOT, "%.2f", w.loadMean()),
                    Double.isNaN(w.loadMax()) ? "n/a" : String.format(Locale.ROOT, "%.2f", w.loadMax()),
                    w.probeMs().isEmpty()
                            ? "-"
                            : w.probeMs().stream()
                                    .map(ms -> Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, "%.0f", ms))
                                    .collect(Collectors.joining(" / "))));
        }
        String spread = probeSpread();
        if (!spread.isEmpty()) {
            b.append('\n').append(spread).append('\n');
        }
        String passes = passProbeTable();
        if (!passes.isEmpty()) {
            b.append('\n').append(passes);
        }
        return b.toString();
    }

    /** The probe before each recorded pass of {@code scenario} against {@code target}, in round order; NaN for none. */
    List<Double> passProbes(Scenario scenario, String target) {
        return results.getOrDefault(scenario, Map.of()).getOrDefault(target, List.of()).stream()
                .map(Result::probeMs)
                .toList();
    }

    /**
     * The syscall probe on the broker's core just before each recorded pass, per figure, with its spread over the
     * rounds, marked {@code moved} above {@value #UNSTABLE_SPREAD}: a figure whose rounds disagree while its probes
     * moved as much was taken on a machine that changed speed under it. Empty when no pass was probed.
     */
    String passProbeTable() {
        StringBuilder b = new StringBuilder();
        for (Scenario s : Scenario.values()) {
            for (String t : results.getOrDefault(s, Map.of()).keySet()) {
                double[] ms = passProbes(s, t).stream()
                        .mapToDouble(Double::doubleValue)
                        .filter(v -> !Double.isNaN(v))
                        .toArray();
                if (ms.length == 0) {
                    continue;
                }
                double spread = spreadAround(ms, median(ms));
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s |%n",
                        s.id(),
                        t,
                        Arrays.stream(ms)
                                .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                                .collect(Collectors.joining(" / ")),
                        Double.isNaN(spread)
                                ? "-"
                                : String.format(Locale.ROOT, "%.0f%%", spread * 100)
                                        + (spread > UNSTABLE_SPREAD ? " moved" : "")));
            }
        }
        if (b.isEmpty()) {
            return "";
        }
        return "The syscall probe on the broker's core just before each recorded pass, ms, with its spread over the"
                + " rounds (`moved` above "
                + String.format(Locale.ROOT, "%.0f%%", UNSTABLE_SPREAD * 100)
                + "): the machine's speed when each figure was taken.\n\n"
                + "| figure | broker | probe per round, ms | spread |\n|---|---|---|---:|\n"
                + b;
    }

    /**
     * How far the syscall probe moved over the rounds' windows, per core: the same kernel work taking longer in one
     * round than another is the machine changing speed, not a broker. Empty with fewer than two rounds.
     */
    String probeSpread() {
        List<MachineLoad.Window> rounds = load.stream()
                .filter(w -> w.label().startsWith("round ") && !w.probeMs().isEmpty())
                .toList();
        if (rounds.size() < 2) {
            return "";
        }
        int cores = rounds.get(0).probeMs().size();
        List<String> perCore = new ArrayList<>();
        boolean moved = false;
        for (int core = 0; core < cores; core++) {
            int c = core;
            double[] ms = rounds.stream()
                    .mapToDouble(w -> c < w.probeMs().size() ? w.probeMs().get(c) : Double.NaN)
                    .filter(v -> !Double.isNaN(v))
                    .toArray();
            if (ms.length < 2) {
                continue;
            }
            double spread = spreadAround(ms, median(ms));
            moved |= spread > UNSTABLE_SPREAD;
            perCore.add(String.format(
                    Locale.ROOT, "%s %.0f%%", c == 0 ? "the broker's core" : "the generator's core", spread * 100));
        }
        if (perCore.isEmpty()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "The syscall probe's spread over the rounds, (max - min) / median: %s.%s",
                String.join(", ", perCore),
                moved
                        ? String.format(
                                Locale.ROOT,
                                " Above %.0f%%: the machine itself changed speed between rounds, so a figure marked"
                                        + " `unstable` may be the machine's rather than a broker's.",
                                UNSTABLE_SPREAD * 100)
                        : "");
    }

    /** The scenarios of {@code kind} that have figures, in order. */
    private List<Scenario> ran(Scenario.Kind kind) {
        return Arrays.stream(Scenario.values())
                .filter(s -> s.kind() == kind && results.containsKey(s))
                .toList();
    }

    /**
     * {@code 900 / 1,000 / 1,100 (20%) unstable generator-bound}: the rounds, their spread, and the marks.
     */
    String roundsCell(Scenario s, String target) {
        List<Double> rounds = rounds(s, target);
        if (rounds.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rounds.size(); i++) {
            b.append(i == 0 ? "" : " / ").append(fmt(rounds.get(i)));
        }
        double spread = spread(s, target);
        if (!Double.isNaN(spread)) {
            b.append(String.format(Locale.ROOT, " (%.0f%%)", spread * 100));
            if (spread > UNSTABLE_SPREAD) {
                b.append(" unstable");
            }
        }
        if (generatorBound(s, target)) {
            b.append(" generator-bound");
        }
        return b.toString();
    }

    private static String ratios(List<Double> ratios) {
        return ratios.isEmpty()
                ? "-"
                : String.join(" / ", ratios.stream().map(Report::fmtRatio).toList());
    }

    private static String fmtRatio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /**
     * thingcore unpinned against its 1-core figures (the medians of the A/B rounds): the rate on each, the ratio, the
     * broker CPU per unit on each, and the generator's CPU share in the scaling run (it shares the broker's cores).
     * Empty where no scaling run was made.
     */
    public String scalingTable() {
        if (scaling == null) {
            return "";
        }
        String many = scaling.cores() + " cores";
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "| %-12s | %-14s | %10s | %10s | %6s | %-27s | %11s | %12s | %13s |%n",
                "figure",
                "unit",
                "1 core",
                many,
                "ratio",
                "broker CPU per unit",
                "CPU, 1 core",
                "CPU, " + many,
                "generator CPU"));
        b.append("|--------------|----------------|-----------:|-----------:|-------:|-----------------------------"
                + "|------------:|-------------:|--------------:|\n");
        scaling.results().forEach((s, r) -> {
            double one = value(s, Comparison.THINGCORE);
            b.append(String.format(
                    Locale.ROOT,
                    "| %-12s | %-14s | %10s | %10s | %6s | %-27s | %11s | %12s | %13s |%n",
                    s.id(),
                    s.unit(),
                    fmt(one),
                    fmt(r.value()),
                    String.format(Locale.ROOT, "%.2f", r.value() / one),
                    s.cpuUnit(),
                    fmt(median(s, Comparison.THINGCORE, Result::cpuPerUnit)),
                    fmt(r.cpuPerUnit()),
                    String.format(Locale.ROOT, "%.0f%%", r.generatorCpuShare() * 100)));
        });
        return b.toString();
    }

    private String details() {
        StringBuilder b = new StringBuilder();
        b.append(
                "| scenario | target | broker CPU per unit | generator CPU | broker peak RSS | p50 / p99 / p99.9 / max ms"
                        + " | work in window | failed or skipped |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario s : Scenario.values()) {
            for (String t : results.getOrDefault(s, Map.of()).keySet()) {
                String cpu = s.cpuUnit() == null ? "-" : fmt(median(s, t, Result::cpuPerUnit)) + " " + s.cpuUnit();
                String latency = Double.isNaN(median(s, t, Result::p99Ms))
                        ? "-"
                        : String.format(
                                Locale.ROOT,
                                "%.2f / %.2f / %.2f / %.2f",
                                median(s, t, Result::p50Ms),
                                median(s, t, Result::p99Ms),
                                median(s, t, Result::p999Ms),
                                median(s, t, Result::maxMs));
                double gen = median(s, t, Result::generatorCpuShare);
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        s.id(),
                        t,
                        cpu,
                        Double.isNaN(gen) ? "-" : String.format(Locale.ROOT, "%.0f%%", gen * 100),
                        fmt(median(s, t, r -> r.peakRssKb() / 1024.0)) + " MiB",
                        latency,
                        String.format(Locale.ROOT, "%,.0f", median(s, t, r -> r.units())),
                        String.format(Locale.ROOT, "%,.0f", median(s, t, r -> r.failed()))));
            }
        }
        return b.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** {@code <date>.md} (or {@code <date>-quick.md}) and {@code latest.json} in {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            String name = date + (settings.quick() ? "-quick" : "");
            Files.writeString(dir.resolve(name + ".md"), markdown());
            Files.writeString(dir.resolve("latest.json"), JSON.writeValueAsString(json()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code latest.json} structure. */
    public Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("date", date);
        root.put("machine", machine);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("connections", settings.connections());
        run.put("idle_connections", settings.idleConnections());
        run.put("rounds", settings.rounds());
        run.put("measure_seconds", settings.measure().toMillis() / 1000.0);
        run.put("latency_measure_seconds", settings.latencyMeasure().toMillis() / 1000.0);
        run.put("connect_passes", Scenarios.connectPasses(settings));
        run.put("cold_starts", Scenarios.coldStarts(settings));
        run.put("quick", settings.quick());
        run.put("pinned", pinned);
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("start_rate", settings.rateSearch().startRate());
        search.put("factor", settings.rateSearch().factor());
        search.put("bisections", settings.rateSearch().bisections());
        search.put("retries", settings.rateSearch().retries());
        search.put("max_steps", settings.rateSearch().maxSteps());
        search.put("step_warmup_seconds", settings.rateSearch().warmup().toMillis() / 1000.0);
        search.put("step_measure_seconds", settings.rateSearch().measure().toMillis() / 1000.0);
        search.put("p99_bound_ms", settings.rateSearch().p99BoundMs());
        search.put("min_achieved_share", RateSearch.MIN_ACHIEVED_SHARE);
        run.put("max_rate_search", search);
        run.put("scaling", scaling != null);
        root.put("run", run);
        Map<String, Object> scenarios = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (Scenario s : Scenario.values()) {
            if (s.kind() != Scenario.Kind.COMPARED && !results.containsKey(s)) {
                continue;
            }
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("unit", s.unit());
            switch (s.kind()) {
                case COMPARED -> {
                    figure.put("thingcore", number(value(s, Comparison.THINGCORE)));
                    figure.put("mosquitto", number(value(s, Comparison.MOSQUITTO)));
                    figure.put("ratio", number(ratio(s)));
                    figure.put(
                            "ratio_rounds",
                            roundRatios(s, Comparison.THINGCORE).stream()
                                    .map(Report::number)
                                    .toList());
                }
                case COLD -> {
                    figure.put("thingcore_aot_cache", number(value(s, Comparison.THINGCORE_AOT)));
                    figure.put("thingcore", number(value(s, Comparison.THINGCORE)));
                    figure.put("mosquitto", number(value(s, Comparison.MOSQUITTO)));
                    figure.put(
                            "ratio_aot_cache",
                            number(value(s, Comparison.THINGCORE_AOT) / value(s, Comparison.MOSQUITTO)));
                    figure.put("ratio", number(ratio(s)));
                }
                case THINGCORE_ONLY -> {
                    figure.put("thingcore", number(value(s, Comparison.THINGCORE)));
                    figure.put("mosquitto", null);
                    figure.put("note", "thingcore only: mosquitto has no equivalent");
                }
            }
            figure.put(
                    "unstable",
                    results.getOrDefault(s, Map.of()).keySet().stream().anyMatch(t -> unstable(s, t)));
            scenarios.put(s.id(), figure);
            Map<String, Object> perTarget = new LinkedHashMap<>();
            for (String t : results.getOrDefault(s, Map.of()).keySet()) {
                Map<String, Object> d = new LinkedHashMap<>();
                if (s.cpuUnit() != null) {
                    d.put("cpu_per_unit", number(median(s, t, Result::cpuPerUnit)));
                    d.put("cpu_unit", s.cpuUnit());
                }
                d.put("generator_cpu_share", number(median(s, t, Result::generatorCpuShare)));
                d.put("peak_rss_kb", number(median(s, t, r -> r.peakRssKb())));
                d.put("p50_ms", number(median(s, t, Result::p50Ms)));
                d.put("p99_ms", number(median(s, t, Result::p99Ms)));
                d.put("p999_ms", number(median(s, t, Result::p999Ms)));
                d.put("max_ms", number(median(s, t, Result::maxMs)));
                d.put(
                        "rounds",
                        results.getOrDefault(s, Map.of()).getOrDefault(t, List.of()).stream()
                                .map(r -> number(r.value()))
                                .toList());
                d.put("spread", number(spread(s, t)));
                if (passProbes(s, t).stream().anyMatch(ms -> !Double.isNaN(ms))) {
                    d.put(
                            "syscall_probe_ms",
                            passProbes(s, t).stream().map(Report::number).toList());
                }
                d.put("unstable", unstable(s, t));
                d.put("generator_bound", generatorBound(s, t));
                perTarget.put(t, d);
            }
            details.put(s.id(), perTarget);
        }
        root.put("scenarios", scenarios);
        root.put("details", details);
        root.put("unstable_spread", UNSTABLE_SPREAD);
        root.put("unstable_figures", unstableFigures());
        root.put("generator_bound_share", GENERATOR_BOUND_SHARE);
        root.put("generator_bound_figures", generatorBoundFigures());
        root.put("targets", targets());
        root.put("aot_cache", aotCache);
        root.put(
                "machine_load",
                load.stream()
                        .map(w -> {
                            Map<String, Object> window = new LinkedHashMap<>();
                            window.put("window", w.label());
                            window.put("steal_share", number(w.stealShare()));
                            window.put("load_average_mean", number(w.loadMean()));
                            window.put("load_average_max", number(w.loadMax()));
                            window.put(
                                    "syscall_probe_ms",
                                    w.probeMs().stream().map(Report::number).toList());
                            return window;
                        })
                        .toList());
        if (scaling != null) {
            root.put("scaling", scalingJson(scaling));
        }
        return root;
    }

    /** {@code "scaling"}: per scenario the 1-core and all-core figures, their ratio, and the CPU per unit of each. */
    private Map<String, Object> scalingJson(Scaling scaling) {
        Map<String, Object> figures = new LinkedHashMap<>();
        scaling.results().forEach((s, r) -> {
            double one = value(s, Comparison.THINGCORE);
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("unit", s.unit());
            figure.put("one_core", number(one));
            figure.put("all_cores", number(r.value()));
            figure.put("ratio", number(r.value() / one));
            figure.put("cpu_unit", s.cpuUnit());
            figure.put("cpu_per_unit_one_core", number(median(s, Comparison.THINGCORE, Result::cpuPerUnit)));
            figure.put("cpu_per_unit_all_cores", number(r.cpuPerUnit()));
            figure.put("generator_cpu_share", number(r.generatorCpuShare()));
            figure.put("p99_ms", number(r.p99Ms()));
            figures.put(s.id(), figure);
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cores", scaling.cores());
        json.put("target", Comparison.THINGCORE);
        json.put(
                "method",
                "thingcore restarted unpinned (all cores; the generator, pinned to core " + Comparison.GENERATOR_CORE
                        + ", shares one of them), each scenario run once; one_core = the median of the A/B rounds"
                        + " (pinned to core " + Comparison.BROKER_CORE + "); ratio = all_cores / one_core");
        json.put("scenarios", figures);
        return json;
    }

    private static @Nullable Object number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    private String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# thingcore vs mosquitto, ")
                .append(date)
                .append(settings.quick() ? " (quick run)" : "")
                .append("\n\n");
        b.append("## Machine\n\n");
        machine.forEach(
                (k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append(String.format(
                Locale.ROOT,
                "%n## Run%n%n- N = %,d connections with %,d distinct client certificates (EC P-256, mutual TLS, "
                        + "BoringSSL on the client, %s sockets), idle scenario %,d connections%n- %d round(s), A/B alternating; "
                        + "each figure is the median over the rounds; warm-up %.1f s, measurement window %.1f s%n"
                        + "- %s%n- `max_rate_p99`: from %,.0f msg/s, x%.2f per step, %d bisection(s), a missed step"
                        + " measured %d more time(s) before it counts, at most %d windows of %.1f s warm-up + %.1f s"
                        + " measurement; p99 bound %.0f ms%n",
                settings.connections(),
                settings.connections(),
                Generator.EPOLL ? "epoll" : "NIO",
                settings.idleConnections(),
                settings.rounds(),
                settings.warmup().toMillis() / 1000.0,
                settings.measure().toMillis() / 1000.0,
                pinned
                        ? "broker pinned to core 0 (taskset), generator pinned to core 1"
                        : "NOT pinned (taskset unavailable or fewer than 2 cores): figures are indicative only",
                settings.rateSearch().startRate(),
                settings.rateSearch().factor(),
                settings.rateSearch().bisections(),
                settings.rateSearch().retries(),
                settings.rateSearch().maxSteps(),
                settings.rateSearch().warmup().toMillis() / 1000.0,
                settings.rateSearch().measure().toMillis() / 1000.0,
                settings.rateSearch().p99BoundMs()));
        b.append("\n## Machine during the run\n\n");
        b.append("CPU time stolen by the hypervisor (`steal` in `/proc/stat`, over all CPU time of the machine) and the"
                + " 1-minute load average (`/proc/loadavg`, sampled between scenarios). Steal above a few percent, or a"
                + " load well above the 2 the benchmark itself makes, means other work shared the machine: read the"
                + " figures of that window as noise, not as the broker. The syscall probe is the same kernel work"
                + " timed on each core at the window's start, both brokers idle (`dd` copying "
                + String.format(Locale.ROOT, "%,d", SyscallProbe.BLOCKS)
                + " blocks of " + SyscallProbe.BLOCK_BYTES + " bytes from `/dev/zero` to `/dev/null`): a window"
                + " whose probe took longer ran on a slower machine.\n\n");
        b.append(loadTable());
        b.append(String.format(
                Locale.ROOT,
                "%n## Figures (ratio = thingcore / mosquitto)%n%nEach figure is the median over the rounds; the rounds"
                        + " follow with their spread, (max - min) / median, marked `unstable` above %.0f%%, and"
                        + " `generator-bound` where the generator's median CPU share reached %.0f%% of its core (the"
                        + " generator set that figure: a floor of the broker's).%n%n",
                UNSTABLE_SPREAD * 100,
                GENERATOR_BOUND_SHARE * 100));
        b.append(table());
        if (!coldTable().isEmpty()) {
            b.append(String.format(
                    Locale.ROOT,
                    "%n## Cold start (a fresh broker process)%n%nPer round, each broker is restarted and measured at"
                            + " once: `startup_ms` from process start to the first CONNACK over mutual TLS, then"
                            + " `cold_connect` and `cold_p2p_qos1` as `connect` and `p2p_qos1`, in the process's"
                            + " first minute. AOT cache: %s.%n%n",
                    aotCache));
            b.append(coldTable());
        }
        if (!thingcoreOnlyTable().isEmpty()) {
            b.append("\n## thingcore only (mosquitto has no MQTT-based file delivery)\n\n");
            b.append(thingcoreOnlyTable());
        }
        b.append("\n## Targets of issue 14\n\n");
        for (String t : targets()) {
            b.append("- ").append(t).append('\n');
        }
        b.append("\n## Details (medians over the rounds)\n\n");
        b.append(details());
        if (scaling != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "%n## thingcore on %d cores (unpinned) vs 1 core%n%n"
                            + "thingcore alone, restarted without pinning after the A/B rounds (`taskset` with every core "
                            + "the harness started with), warmed up again, each scenario run once. The generator stays "
                            + "pinned to core %d, so it shares the broker's cores: the %d-core figures are what the "
                            + "other core buys, less what the generator takes of it (its CPU share is in the last "
                            + "column). The JVM sizes itself to the cores it sees (JDK 25: the Serial collector on one "
                            + "core, G1 on two), so the ratio includes that too. 1 core = the medians above (pinned to "
                            + "core %d); ratio = %d cores / 1 core.%n%n",
                    scaling.cores(),
                    Comparison.GENERATOR_CORE,
                    scaling.cores(),
                    Comparison.BROKER_CORE,
                    scaling.cores()));
            b.append(scalingTable());
        }
        b.append("""

                ## Method

                """);
        b.append(String.format(Locale.ROOT, """
                - `connect`: N connections, each with its own certificate, at most 256 handshakes in flight, %d
                  storm(s) per round (all closed and both processes idle between them); rate = connections accepted
                  / the storms' time from the first SYN to the last CONNACK; broker CPU over the same spans.
                """, Scenarios.connectPasses(settings)));
        b.append("""
                - `p2p_qos1`: N/2 publishers to N/2 subscribers, one topic `bench/<publisher>/p2p` per pair, QoS 1
                  both ways, payloads 64-256 B; each publisher keeps 4 messages on their way end to end (a delivery
                  at the subscriber releases the publisher's next message: closed loop, no queue grows), so the
                  figure is the most the broker sustains; deliveries counted at the subscribers.
                - `fanin_qos1`: N-1 publishers (1 message on its way end to end each) to one subscriber of
                  `bench/+/fanin`, QoS 1.
                - `fanout_qos0`: one publisher to N-1 subscribers at QoS 0; the publisher sends QoS 1 with 2 in
                  flight so the broker's PUBACK paces it; figure = deliveries/s counted at the subscribers.
                """);
        b.append(String.format(Locale.ROOT, """
                - `latency_p99_ms`: open loop, fixed 1,000 msg/s over up to 100 pairs, QoS 1, measured over %.1f s
                  (three message windows in a full run, so the p99 rests on 1%% of about three times as many
                  latencies); latency from the intended send time (in the payload) to delivery, HdrHistogram; no
                  coordinated omission. Both brokers in the same window, each over its own pairs, their messages
                  half a millisecond apart (the generator's 1 ms tick shared between them), so that what the
                  machine does during the window falls on both; the generator CPU given is that of both.
                """, settings.latencyMeasure().toMillis() / 1000.0));
        b.append("""
                - `max_rate_p99`: the highest offered rate whose p99 stays under the bound: the latency scenario's
                  open-loop QoS 1 traffic over N/2 pairs (so no one connection is the limit), stepped up from the
                  start rate by the factor until a step misses (down while none has met), then bisected between
                  the highest rate that met and the lowest that missed. A step meets when the subscribers received
                  at least 95% of the offered rate in its window and its p99 is within the bound; between steps the
                  harness waits until nothing more arrives (at most 10 s), so a backlog does not spill into the next
                  window. The figure is the offered rate of the best step; CPU, latency, generator CPU and skipped
                  messages in the details are that step's (0 if no step met; a floor if every step met). A
                  publisher with 100 messages unacknowledged skips its turn (counted as skipped): a broker that
                  stops acknowledging misses. Near 100% generator CPU, the generator set the limit, not the broker.
                - Warm-up and rounds: before round 1, unrecorded, the connect storm, each chosen closed-loop message
                  scenario once, the latency scenario and the connect storm again, against both brokers, then
                  `ota_blocks` once against thingcore (in a full run, when chosen); every round then runs against
                  the same two broker processes (thingcore's JIT compiler shares the broker's core, so a restarted
                  JVM would charge its compilation to the messages measured). In a full run each round first
                  runs the latency scenario once, unrecorded, so that the recorded latency pass follows light load
                  rather than a fan-out. Before
                  each measured warm scenario the generator collects its garbage (keeping its heap committed, so
                  that the window does not fault its pages in again) and the harness waits until the broker and
                  the generator each used under 5% of a core over 0.5 s (at most 10 s; the log says when that ran
                  out), so that no scenario pays for the one before it.
                - `idle_kb_per_conn` (once per round, after all warm rounds, as it restarts the brokers): on a
                  freshly restarted broker (after 50 connections to load the code), half
                  of the idle connections are opened, then the other half; the figure is the VmRSS growth over the
                  second half (each read 2 s after its half is open) divided by its connections: the marginal cost
                  of one more idle connection at the largest count. Fixed costs (a JVM's young generation, which
                  any traffic touches; malloc arenas) are paid by the first half. The log also prints the average
                  over all connections from the fresh process. Keep-alive 600 s; certificates reused round robin,
                  distinct client IDs; at most what the open-file limit allows (`ulimit -n`).
                """);
        b.append(String.format(Locale.ROOT, """
                - Cold start (after the warm rounds, per round, each broker restarted): `startup_ms` from the
                  process's start to the first CONNACK over mutual TLS (the harness waits for the broker's
                  readiness in 1 ms polls and connects at once), the median of %d restart(s) per round; then
                  `cold_connect` and `cold_p2p_qos1`, driven as `connect` and `p2p_qos1`, in the last restart's
                  first minute. thingcore runs with its JDK AOT cache (`-XX:AOTMode=on`, so never a silent
                  fallback) and without it; mosquitto as always.
                """, Scenarios.coldStarts(settings)));
        b.append("""
                - `ota_blocks` (thingcore only): N devices subscribe to `$aws/things/<id>/streams/bench-ota/data/cbor`
                  and `rejected/cbor` and download a 1 MiB file at once, as the AWS OTA library does with
                  `otaconfigMAX_NUM_BLOCKS_REQUEST 1` and the DIC firmware's 1 KiB blocks: one CBOR GetStream
                  request (`c`, `f`, `l` 1024, `o` 0, `b` the bitmap of missing blocks, `n` 1, QoS 0) outstanding per
                  device, the next sent when the block arrives; a device that has every block starts over. Figure:
                  blocks received per second; broker CPU per MiB of file delivered (1,024 blocks); latency request to
                  block.
                - Stability: the rounds of each figure and their spread, (max - min) / median, `unstable` above
                  15%; steal time and load average per window from `/proc/stat` and `/proc/loadavg`;
                  `generator-bound` as defined above the figures table.
                - TLS: 1.3 with the generator offering X25519 and P-256 only, so both brokers negotiate X25519
                  (BoringSSL would otherwise pick the hybrid X25519MLKEM768 with thingcore, which mosquitto's
                  OpenSSL 3.0 lacks); ECDSA P-256 certificates on both sides; thingcore's JVM with compact object
                  headers, as the launcher runs it.
                - Logging: both at their defaults (thingcore INFO: a line per connect and disconnect; mosquitto's
                  default log types with connection messages), to the harness's pipe.
                - Authorization: thingcore's policy allows `iot:Publish` only on `bench/${iot:ClientId}/*`;
                  mosquitto's ACL `pattern write bench/%u/#` (user = certificate CN). Both check every PUBLISH.
                - Limits: mosquitto with thingcore's in-flight limit (`max_inflight_messages 100`) and no queue limit
                  (`max_queued_messages 0`: at its default its 2.0.11 dropped fan-in messages and stalled the loop's
                  publishers); publishers of an end-to-end loop with no delivery in the window count as failed.
                - Broker CPU = utime + stime from `/proc/<pid>/stat`; "generator CPU" is the load generator's own
                  CPU time over wall time (100% = its one core saturated: then the figure is a floor).
                """);
        return b.toString();
    }
}
