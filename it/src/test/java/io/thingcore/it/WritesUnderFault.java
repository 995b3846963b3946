package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.server.ConnectionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * What the fault tests (issue 13: the data directory full or turned read-only, PostgreSQL away) share: API writes
 * tried under the fault, each answered within a bound and either kept (200) or refused (an error), and the check
 * afterwards that what the gateway acknowledged survived and what it refused left nothing behind.
 */
final class WritesUnderFault {
    /** The offline persistent session whose QoS 1 messages the gateway owes once it has acknowledged them. */
    static final String OFFLINE_SUBSCRIBER = CrashWorkload.OFFLINE_SUBSCRIBER;

    private final String fault;
    private final Duration bound;
    private final List<String> kept = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private Duration slowest = Duration.ZERO;

    /**
     * @param fault how the fault reads in an assertion's description ("with a full disk")
     * @param bound the time within which every answer must come
     */
    WritesUnderFault(String fault, Duration bound) {
        this.fault = fault;
        this.bound = bound;
    }

    /** CreateThing {@code thing} under the fault: answered within the bound, then remembered as kept or refused. */
    void attempt(IotClient iot, String thing) {
        long started = System.nanoTime();
        try {
            iot.createThing(b -> b.thingName(thing));
            kept.add(thing);
        } catch (SdkException e) {
            refused.add(thing);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        slowest = took.compareTo(slowest) > 0 ? took : slowest;
        assertThat(took).as("answer time %s", fault).isLessThan(bound);
    }

    List<String> kept() {
        return kept;
    }

    List<String> refused() {
        return refused;
    }

    Duration slowest() {
        return slowest;
    }

    /**
     * After the fault: {@code before} (written before it) and every write answered 200 are there, every write
     * answered with an error is absent, and the offline persistent session is still there and receives every QoS 1
     * message the gateway acknowledged.
     */
    void assertAcknowledgedSurvived(
            IotClient iot, String before, CrashWorkload mqtt, ConnectionInfo connection, List<MqttClient> open)
            throws MqttException, InterruptedException {
        assertThat(iot.describeThing(b -> b.thingName(before)).thingName()).isEqualTo(before);
        for (String thing : kept) {
            assertThat(iot.describeThing(b -> b.thingName(thing)).thingName())
                    .as("answered 200 %s, so kept", fault)
                    .isEqualTo(thing);
        }
        for (String thing : refused) {
            assertThat(describeFails(iot, thing))
                    .as("%s answered with an error %s, so absent", thing, fault)
                    .isTrue();
        }
        assertThat(mqtt.connectSubscriber(connection, OFFLINE_SUBSCRIBER, open, false))
                .as("the persistent session made before the fault is still there")
                .isTrue();
        mqtt.awaitQuiet(OFFLINE_SUBSCRIBER, 1000, 30_000);
        assertThat(mqtt.notReceived(OFFLINE_SUBSCRIBER))
                .as("QoS 1 messages acknowledged %s, delivered after it", fault)
                .isEmpty();
    }

    /**
     * Opens the offline persistent session (subscribed to the workload's topic) and disconnects it, so that QoS 1
     * messages published under the fault are queued for it; whether the gateway said the session was present.
     */
    static boolean parkOfflineSession(CrashWorkload mqtt, ConnectionInfo connection, List<MqttClient> open)
            throws MqttException {
        boolean present = mqtt.connectSubscriber(connection, OFFLINE_SUBSCRIBER, open, true);
        MqttClient offline = open.remove(open.size() - 1);
        offline.disconnect(5000);
        offline.close();
        return present;
    }

    /** Retries CreateThing {@code thing} every 500 ms until it succeeds: how long that took, or null if not within. */
    static @Nullable Duration awaitRecovery(IotClient iot, String thing, Duration within) throws InterruptedException {
        long from = System.nanoTime();
        while (System.nanoTime() - from < within.toNanos()) {
            try {
                iot.createThing(b -> b.thingName(thing));
                return Duration.ofNanos(System.nanoTime() - from);
            } catch (SdkException notYet) {
                Thread.sleep(500);
            }
        }
        return null;
    }

    /** Whether DescribeThing answers ResourceNotFoundException for {@code thing}. */
    static boolean describeFails(IotClient iot, String thing) {
        try {
            iot.describeThing(b -> b.thingName(thing));
            return false;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    /** Disconnects and closes every client in {@code open}, and empties it. */
    static void closeAll(List<MqttClient> open) {
        for (MqttClient client : open) {
            try {
                client.disconnectForcibly(0, 1000);
                client.close(true);
            } catch (MqttException e) {
                // gone already
            }
        }
        open.clear();
    }
}
