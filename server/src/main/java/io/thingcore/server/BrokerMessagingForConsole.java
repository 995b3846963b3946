package io.thingcore.server;

import io.thingcore.broker.MqttBroker;
import io.thingcore.console.messaging.ConsoleMessaging;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The console's Connections and Refused connections pages and MQTT test client, served by the broker. The console acts as the gateway's
 * administrator (the signed-in user holds the gateway's own key), as a signed-in user of the AWS IoT console's test
 * client acts with their IAM rights: no device policy applies to it, but topics and filters follow the device rules.
 * Subscriptions are called on publishers' event loops; the console's listener only queues.
 */
final class BrokerMessagingForConsole implements ConsoleMessaging {
    private final MqttBroker broker;
    private final Clock clock;

    BrokerMessagingForConsole(MqttBroker broker, Clock clock) {
        this.broker = broker;
        this.clock = clock;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        broker.publish(topic, payload, qos, retain);
    }

    @Override
    public AutoCloseable subscribe(String filter, Consumer<Message> listener) {
        // The routed payload is shared by every subscriber: hand the console its own copy.
        return broker.observe(
                filter,
                message -> listener.accept(new Message(
                        message.topic(), message.payload().clone(), message.qos(), message.retain(), clock.instant())));
    }

    @Override
    public List<ClientConnection> connections() {
        return broker.connectedClients().stream()
                .map(client -> new ClientConnection(
                        client.clientId(),
                        // The thing the policy variables see: the one named like the client ID, if attached.
                        client.thingNames().contains(client.clientId()) ? client.clientId() : null,
                        client.certificateId(),
                        client.remoteAddress(),
                        client.connectedAt(),
                        client.subscriptions(),
                        client.requestedKeepAlive(),
                        client.appliedKeepAlive(),
                        client.lastActivity()))
                .toList();
    }

    @Override
    public List<RefusedConnection> refusedConnections() {
        return broker.refusedConnections().stream()
                .map(r -> new RefusedConnection(
                        r.at(),
                        r.remoteAddress(),
                        r.certificateId(),
                        r.subjectCommonName(),
                        r.sni(),
                        r.reason().name(),
                        r.detail(),
                        r.fix()))
                .toList();
    }

    @Override
    public @Nullable Instant lastSeen(String clientId) {
        return broker.lastSeen(clientId).orElse(null);
    }

    @Override
    public boolean disconnect(String clientId) {
        return broker.disconnect(clientId);
    }
}
