package io.thingcore.bench.presence;

import io.thingcore.broker.presence.ClientPresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One connection's open and end as {@link ClientPresence} records them (its {@code versionNumber}, its "last seen",
 * and the sweep's look at {@code 2 x SWEEP_STEP} other client IDs), with {@value #FLEET} client IDs remembered:
 * {@link #reconnectInFleet} for the fleet's own devices in turn, {@link #newClientIdEachTime} for client IDs never seen
 * before, with the map held at its capacity so that each one also makes the sweep forget one.
 * {@link #twoMapsAsBefore} is what the broker did until 2026-12-06 for the same connection, one map of versions that
 * never reset and one of "last seen" times, neither of which ever forgot a client ID.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ClientPresenceBenchmark {
    private static final int FLEET = 100_000;

    private final String[] fleet = new String[FLEET];
    private final ClientPresence presence = new ClientPresence(Clock.systemUTC(), Duration.ofHours(1), 1 << 18);
    private final ClientPresence full = new ClientPresence(Clock.systemUTC(), Duration.ofHours(1), FLEET);
    private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private int next;
    private long fresh;

    public ClientPresenceBenchmark() {
        for (int i = 0; i < FLEET; i++) {
            fleet[i] = String.format(Locale.ROOT, "device-%06d", i);
            presence.connected(fleet[i]);
            presence.disconnected(fleet[i], true, Duration.ZERO);
            full.connected(fleet[i]);
            full.disconnected(fleet[i], true, Duration.ZERO);
            versions.put(fleet[i], 0L);
            lastSeen.put(fleet[i], Instant.now());
        }
    }

    private String nextDevice() {
        String clientId = fleet[next];
        next = next + 1 == FLEET ? 0 : next + 1;
        return clientId;
    }

    @Benchmark
    public long reconnectInFleet() {
        String clientId = nextDevice();
        long version = presence.connected(clientId);
        presence.disconnected(clientId, true, Duration.ZERO);
        return version;
    }

    @Benchmark
    public long newClientIdEachTime() {
        String clientId = "explorer-" + fresh++;
        long version = full.connected(clientId);
        full.disconnected(clientId, true, Duration.ZERO);
        return version;
    }

    @Benchmark
    public long twoMapsAsBefore() {
        String clientId = nextDevice();
        long version = versions.merge(clientId, 0L, (last, zero) -> last + 1);
        lastSeen.put(clientId, Clock.systemUTC().instant());
        return version;
    }
}
