package io.thingcore.broker.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.time.MovableClock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code versionNumber} as the AWS IoT Developer Guide's "Lifecycle events" describes it, the console's "last seen",
 * and the bound on what is remembered.
 */
class ClientPresenceTest {
    private static final Duration MAX_SESSION_EXPIRY = Duration.ofHours(1);

    private final MovableClock clock = new MovableClock();
    private final ClientPresence presence =
            new ClientPresence(clock, MAX_SESSION_EXPIRY, ClientPresence.DEFAULT_CAPACITY);

    @Test
    void eachConnectionOfAClientIdHasTheNextVersionFromZero() {
        assertThat(presence.connected("sensor-1")).isZero();
        presence.disconnected("sensor-1", true, Duration.ZERO);
        assertThat(presence.connected("sensor-1")).isEqualTo(1);
        presence.disconnected("sensor-1", true, Duration.ZERO);
        assertThat(presence.connected("sensor-1")).isEqualTo(2);
        assertThat(presence.connected("sensor-2")).isZero();
    }

    @Test
    void versionStartsAgainAtZeroAfterAboutAnHourAway() {
        presence.connected("sensor-1");
        presence.disconnected("sensor-1", true, Duration.ZERO);
        clock.advance(Duration.ofMinutes(59));
        assertThat(presence.connected("sensor-1")).isEqualTo(1);
        presence.disconnected("sensor-1", true, Duration.ZERO);
        clock.advance(Duration.ofMinutes(61));
        assertThat(presence.connected("sensor-1")).isZero();
    }

    @Test
    void persistentSessionKeepsTheVersionForItsTimeToLive() {
        presence.connected("sensor-1");
        presence.disconnected("sensor-1", true, Duration.ofHours(3));
        clock.advance(Duration.ofHours(2));
        assertThat(presence.connected("sensor-1")).isEqualTo(1);
        presence.disconnected("sensor-1", true, Duration.ofHours(3));
        clock.advance(Duration.ofHours(3).plusMinutes(1));
        assertThat(presence.connected("sensor-1")).isZero();
    }

    @Test
    void clientThatTookOverItsOwnClientIdIsNotAwayWhenTheOldConnectionEnds() {
        presence.connected("sensor-1");
        assertThat(presence.connected("sensor-1")).isEqualTo(1);
        presence.disconnected("sensor-1", true, Duration.ZERO); // the old connection, closed by the takeover
        clock.advance(Duration.ofHours(2));
        assertThat(presence.connected("sensor-1")).isEqualTo(2);
    }

    @Test
    void lastSeenIsWhenTheLastAcceptedConnectionEnded() {
        assertThat(presence.lastSeen("sensor-1")).isEmpty();
        presence.connected("sensor-1");
        assertThat(presence.lastSeen("sensor-1")).isEmpty();
        presence.disconnected("sensor-1", true, Duration.ZERO);
        var seen = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(presence.lastSeen("sensor-1"))
                .hasValueSatisfying(at -> assertThat(at).isBetween(seen.minusSeconds(1), seen));

        clock.advance(Duration.ofMinutes(5));
        presence.connected("sensor-1");
        presence.disconnected("sensor-1", false, Duration.ZERO); // never accepted: not "seen"
        assertThat(presence.lastSeen("sensor-1"))
                .hasValueSatisfying(at -> assertThat(at).isBefore(seen.plusSeconds(1)));
    }

    @Test
    void lastSeenOutlivesTheVersionResetUntilTheRetention() {
        presence.connected("sensor-1");
        presence.disconnected("sensor-1", true, Duration.ZERO);
        clock.advance(Duration.ofDays(6));
        assertThat(presence.lastSeen("sensor-1")).isPresent();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        churn(4 * ClientPresence.SWEEP_STEP, "other-");
        assertThat(presence.lastSeen("sensor-1")).isEmpty();
    }

    @Test
    void clientIdsAwayLongerThanTheRetentionAreForgottenAsOthersComeAndGo() {
        churn(10_000, "explorer-");
        assertThat(presence.size()).isEqualTo(10_000);
        presence.connected("gateway-console");
        clock.advance(ClientPresence.RETENTION.plusMinutes(1));
        churn(10_000, "later-");
        // Every one of the first 10,000 was looked at while the next 10,000 came and went: none is left.
        assertThat(presence.size()).isEqualTo(10_000 + 1);
        assertThat(presence.connected("gateway-console")).isEqualTo(1);
    }

    @Test
    void overCapacityAwayClientIdsAreForgottenEarlyButConnectedOnesNever() {
        ClientPresence small = new ClientPresence(clock, MAX_SESSION_EXPIRY, 100);
        for (int i = 0; i < 50; i++) {
            small.connected("held-" + i);
        }
        for (int i = 0; i < 1_000; i++) {
            small.connected("random-" + i);
            small.disconnected("random-" + i, true, Duration.ZERO);
        }
        assertThat(small.size()).isLessThanOrEqualTo(100 + 2 * ClientPresence.SWEEP_STEP);
        for (int i = 0; i < 50; i++) {
            assertThat(small.connected("held-" + i)).as("held-" + i).isEqualTo(1);
        }
    }

    @Test
    void connectionsOnSeveralEventLoopsGetDistinctVersionsAndAllEndAway() throws Exception {
        int loops = 4;
        int connectionsPerLoop = 5_000;
        int clientIds = 64;
        Map<String, Set<Long>> versions = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(loops);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int loop = 0; loop < loops; loop++) {
                int first = loop;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < connectionsPerLoop; i++) {
                        String clientId = "device-" + ((i * 31 + first) % clientIds);
                        long version = presence.connected(clientId);
                        assertThat(versions.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet())
                                        .add(version))
                                .as("version %d of %s handed out once", version, clientId)
                                .isTrue();
                        presence.disconnected(clientId, true, Duration.ZERO);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions.values().stream().mapToInt(Set::size).sum()).isEqualTo(loops * connectionsPerLoop);
        // Every connection ended, so every client ID is away: an hour later each starts again from 0.
        clock.advance(Duration.ofMinutes(61));
        for (String clientId : versions.keySet()) {
            assertThat(presence.connected(clientId)).as(clientId).isZero();
        }
    }

    private void churn(int clients, String prefix) {
        for (int i = 0; i < clients; i++) {
            presence.connected(prefix + i);
            presence.disconnected(prefix + i, true, Duration.ZERO);
        }
    }
}
