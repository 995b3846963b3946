package io.thingcore.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How big and how long a comparison is. Every scenario is bounded by these durations and counts, so a run always
 * ends by itself.
 *
 * @param connections N: distinct client certificates, connections in the connect storm and in the message scenarios
 * @param idleConnections connections held in the idle-memory scenario (certificates are reused, client IDs differ)
 * @param rounds A/B rounds (thingcore, mosquitto, thingcore, ...); each figure is the median over the rounds
 * @param warmup traffic before each measurement window
 * @param measure the measurement window of each message scenario (the latency scenario's is {@link #latencyMeasure})
 * @param latencyRate the fixed offered rate of the latency scenario, messages per second
 * @param out where the results go ({@code <date>.md}, {@code latest.json}); null: nowhere
 * @param pin whether to pin the broker to core 0 and the generator to core 1 with taskset
 * @param quick the CI smoke run (smaller warm-up)
 * @param scenarios the scenarios to run, in the order (all by default; a subset when profiling one)
 * @param rateSearch how {@code max_rate_p99} steps the offered rate, and its p99 bound
 * @param scaling whether thingcore runs the throughput scenarios once more, unpinned, after the A/B rounds
 */
public record Settings(
        int connections,
        int idleConnections,
        int rounds,
        Duration warmup,
        Duration measure,
        int latencyRate,
        @Nullable Path out,
        boolean pin,
        boolean quick,
        List<Scenario> scenarios,
        RateSearch rateSearch,
        boolean scaling) {

    private static final List<Scenario> ALL = List.of(Scenario.values());

    /**
     * The full run: about 30 minutes on a 2-core machine, the scaling run included. 19,000 idle connections: as many
     * as a 20,000 descriptor limit per process allows (see {@link Comparison#fitIdleConnections}).
     */
    public static Settings full(@Nullable Path out) {
        return new Settings(
                1000,
                19_000,
                3,
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                1000,
                out,
                true,
                false,
                ALL,
                RateSearch.full(),
                true);
    }

    /** The CI smoke run: small N, one round, no scaling run, well under 3 minutes. */
    public static Settings quick(@Nullable Path out) {
        return new Settings(
                100,
                200,
                1,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                1000,
                out,
                true,
                true,
                ALL,
                RateSearch.quick(),
                false);
    }

    /**
     * The latency scenario's measurement window: three message windows (18 s in the full run), the measurement
     * window alone in the quick run. A p99 over 6 s at 1,000 msg/s rests on the 60 slowest of 6,000 latencies, and
     * where the tail is as steep as a broker's on loopback (p99 0.3 ms, p99.9 2-4 ms) a few of them more or less moved
     * the figure by a fifth between rounds (issue 14, item 5); over 18 s it rests on 180.
     */
    public Duration latencyMeasure() {
        return quick ? measure : measure.multipliedBy(3);
    }

    public Settings withConnections(int n) {
        return new Settings(
                n,
                idleConnections,
                rounds,
                warmup,
                measure,
                latencyRate,
                out,
                pin,
                quick,
                scenarios,
                rateSearch,
                scaling);
    }

    public Settings withIdleConnections(int n) {
        return new Settings(
                connections, n, rounds, warmup, measure, latencyRate, out, pin, quick, scenarios, rateSearch, scaling);
    }

    public Settings withRounds(int n) {
        return new Settings(
                connections,
                idleConnections,
                n,
                warmup,
                measure,
                latencyRate,
                out,
                pin,
                quick,
                scenarios,
                rateSearch,
                scaling);
    }

    public Settings withPin(boolean p) {
        return new Settings(
                connections,
                idleConnections,
                rounds,
                warmup,
                measure,
                latencyRate,
                out,
                p,
                quick,
                scenarios,
                rateSearch,
                scaling);
    }

    public Settings withMeasure(Duration d) {
        return new Settings(
                connections,
                idleConnections,
                rounds,
                warmup,
                d,
                latencyRate,
                out,
                pin,
                quick,
                scenarios,
                rateSearch,
                scaling);
    }

    public Settings withScenarios(List<Scenario> only) {
        List<Scenario> ordered = ALL.stream().filter(only::contains).toList();
        return new Settings(
                connections,
                idleConnections,
                rounds,
                warmup,
                measure,
                latencyRate,
                out,
                pin,
                quick,
                ordered,
                rateSearch,
                scaling);
    }

    /** The p99 bound of {@code max_rate_p99}, milliseconds. */
    public Settings withP99BoundMs(double bound) {
        return new Settings(
                connections,
                idleConnections,
                rounds,
                warmup,
                measure,
                latencyRate,
                out,
                pin,
                quick,
                scenarios,
                rateSearch.withP99BoundMs(bound),
                scaling);
    }

    /** How {@code max_rate_p99} searches (a coarser search for the build's smoke run). */
    public Settings withRateSearch(RateSearch search) {
        return new Settings(
                connections,
                idleConnections,
                rounds,
                warmup,
                measure,
                latencyRate,
                out,
                pin,
                quick,
                scenarios,
                search,
                scaling);
    }

    public Settings withScaling(boolean s) {
        return new Settings(
                connections,
                idleConnections,
                rounds,
                warmup,
                measure,
                latencyRate,
                out,
                pin,
                quick,
                scenarios,
                rateSearch,
                s);
    }

    public Settings {
        scenarios = List.copyOf(scenarios);
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("at least one scenario");
        }
        if (connections < 4) {
            throw new IllegalArgumentException("at least 4 connections");
        }
        if (rounds < 1 || idleConnections < 1) {
            throw new IllegalArgumentException("at least one round and one idle connection");
        }
    }
}
