package io.thingcore.bench.floods;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How hard and how long {@link Floods} pushes.
 *
 * @param floods the floods to run, one after the other
 * @param heldConnections connections each connection flood keeps open (unfinished handshakes, silent TLS sessions)
 * @param connectProbes connects the connect probe times per measurement
 * @param probePairs publisher/subscriber pairs of the publish probe
 * @param probeRate messages per second the publish probe sends in total (QoS 1)
 * @param settle how long a flood runs before the probes measure, so that it reaches its steady state
 * @param measure the publish probe's measurement window
 * @param windows how many times the probes measure, quiet and during each flood: the figures are the medians over the
 *     windows (one p99 of a 10 s window moves by tens of percent from run to run on a shared 2-core machine)
 * @param out where {@code floods-<date>.md} goes, or null for none
 */
public record FloodSettings(
        List<Flood> floods,
        int heldConnections,
        int connectProbes,
        int probePairs,
        int probeRate,
        Duration settle,
        Duration measure,
        int windows,
        @Nullable Path out) {
    public FloodSettings {
        floods = List.copyOf(floods);
        if (heldConnections < 1 || connectProbes < 2 || probePairs < 1 || probeRate < 1 || windows < 1) {
            throw new IllegalArgumentException("every count must be positive (at least two connect probes)");
        }
    }

    /**
     * The full run: 1,000 held connections, 200 timed connects, 20 s of settling and three measurement windows quiet
     * and flooded per flood (about 9 minutes).
     */
    public static FloodSettings full(@Nullable Path out) {
        return new FloodSettings(
                List.of(Flood.values()), 1000, 200, 20, 1000, Duration.ofSeconds(20), Duration.ofSeconds(10), 3, out);
    }

    /** A short run for a first look: 150 held connections, 40 timed connects, 4 s per step, one window. */
    public static FloodSettings quick(@Nullable Path out) {
        return new FloodSettings(
                List.of(Flood.values()), 150, 40, 5, 200, Duration.ofSeconds(4), Duration.ofSeconds(3), 1, out);
    }

    public FloodSettings withSettle(Duration time) {
        return new FloodSettings(
                floods, heldConnections, connectProbes, probePairs, probeRate, time, measure, windows, out);
    }

    public FloodSettings withFloods(List<Flood> only) {
        return new FloodSettings(
                only, heldConnections, connectProbes, probePairs, probeRate, settle, measure, windows, out);
    }
}
