package io.thingcore.broker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventPublisherTest {
    private static final Lifecycle DEVICE =
            new Lifecycle("sensor-1", UUID.fromString("00000000-0000-4000-8000-000000000001"), "abc123", "10.0.0.7", 3);

    private final CountingClock clock = new CountingClock(Instant.parse("2026-12-06T08:00:00Z"));
    private final Router router = new Router(true);
    private final EventPublisher events = new EventPublisher(router, "123456789012", clock);

    @Test
    void connectedEventReachesASubscriberWithAwsFields() throws IOException {
        Recorder backend = subscribe("$aws/events/presence/connected/+");

        events.connected(DEVICE);

        assertThat(backend.received).hasSize(1);
        Message message = backend.received.get(0);
        assertThat(message.topic()).isEqualTo("$aws/events/presence/connected/sensor-1");
        assertThat(message.qos()).isEqualTo(1);
        JsonNode event = new ObjectMapper().readTree(message.payload());
        assertThat(event.get("clientId").asText()).isEqualTo("sensor-1");
        assertThat(event.get("eventType").asText()).isEqualTo("connected");
        assertThat(event.get("timestamp").asLong()).isEqualTo(clock.millis());
        assertThat(event.get("sessionIdentifier").asText()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(event.get("principalIdentifier").asText()).isEqualTo("abc123");
        assertThat(event.get("ipAddress").asText()).isEqualTo("10.0.0.7");
        assertThat(event.get("versionNumber").asLong()).isEqualTo(3);
    }

    @Test
    void withoutASubscriberNoEventIsMadeOrKept() {
        Recorder other = subscribe("$aws/events/presence/disconnected/+");

        events.connected(DEVICE);
        events.subscribed(DEVICE, List.of("sensors/1"));
        events.connectFailed(DEVICE, EventPublisher.AUTHORIZATION_FAILED);

        // The clock is read only to stamp an event, so none was made.
        assertThat(clock.reads).isZero();
        assertThat(other.received).isEmpty();
        // Lifecycle events are not retained: a subscriber that comes later gets nothing.
        Recorder late = subscribe("$aws/events/#");
        assertThat(late.received).isEmpty();
    }

    @Test
    void disconnectedEventCarriesTheReason() throws IOException {
        Recorder backend = subscribe("$aws/events/presence/+/sensor-1");

        events.disconnected(DEVICE, "MQTT_KEEP_ALIVE_TIMEOUT", false);

        assertThat(backend.received).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(backend.received.get(0).payload());
        assertThat(event.get("eventType").asText()).isEqualTo("disconnected");
        assertThat(event.get("disconnectReason").asText()).isEqualTo("MQTT_KEEP_ALIVE_TIMEOUT");
        assertThat(event.get("clientInitiatedDisconnect").asBoolean()).isFalse();
    }

    @Test
    void clientIdsWithWildcardsGetNoEventsEvenWithASubscriber() {
        Recorder backend = subscribe("$aws/events/#");

        events.connected(new Lifecycle("a+b", UUID.randomUUID(), "abc123", null, 0));

        assertThat(backend.received).isEmpty();
    }

    private Recorder subscribe(String filter) {
        Recorder recorder = new Recorder("backend-" + filter.hashCode());
        router.tree().subscribe(filter, recorder, new Subscription(1, false));
        return recorder;
    }

    private static final class Recorder implements Subscriber {
        private final String clientId;
        final List<Message> received = new ArrayList<>();

        Recorder(String clientId) {
            this.clientId = clientId;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public boolean deliver(Message message, Subscription subscription, boolean retainFlag) {
            received.add(message);
            return false;
        }
    }

    private static final class CountingClock extends Clock {
        private final Instant now;
        int reads;

        CountingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            reads++;
            return now;
        }

        @Override
        public long millis() {
            reads++;
            return now.toEpochMilli();
        }
    }
}
