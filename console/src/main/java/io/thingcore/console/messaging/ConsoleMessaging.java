package io.thingcore.console.messaging;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the console needs from the MQTT broker, implemented by the server. The console acts as one principal of its
 * own (the server decides its client ID and policy); refusals (a malformed topic, a denial by that policy) are thrown
 * as {@link IllegalArgumentException} with a message for the person at the console.
 */
public interface ConsoleMessaging {
    /** Publishes as the console principal; may block briefly. */
    void publish(String topic, byte[] payload, int qos, boolean retain);

    /**
     * Subscribes as the console principal; {@code listener} may be called on any thread, must not block, until the
     * returned handle is closed.
     */
    AutoCloseable subscribe(String filter, Consumer<Message> listener);

    /** The clients connected now. */
    List<ClientConnection> connections();

    /** When a client with this ID last disconnected since the gateway started; null if never. */
    @Nullable
    Instant lastSeen(String clientId);

    /** The last refused connections, newest first (the broker keeps a bounded number). */
    default List<RefusedConnection> refusedConnections() {
        return List.of();
    }

    /** Disconnects a client; false if it was not connected. */
    boolean disconnect(String clientId);

    /** A message delivered to a console subscription. */
    record Message(String topic, byte[] payload, int qos, boolean retain, Instant receivedAt) {}

    /**
     * One connected client as the Connections page lists it; null members are unknown.
     *
     * @param requestedKeepAlive the keep-alive in the client's CONNECT, in seconds
     * @param appliedKeepAlive the keep-alive the broker applies, in seconds; 0 when none applies (the client is never
     *     closed for silence)
     * @param lastActivity when the last packet from the client arrived
     */
    record ClientConnection(
            String clientId,
            @Nullable String thingName,
            String certificateId,
            String remoteAddress,
            Instant connectedAt,
            List<String> subscriptions,
            int requestedKeepAlive,
            int appliedKeepAlive,
            Instant lastActivity) {}

    /**
     * One refused connection as the Refused connections page lists it; null members are unknown or absent.
     *
     * @param reason why, as a kind (upper case, e.g. {@code CLIENT_DISTRUSTS_SERVER})
     * @param detail what happened, in words
     * @param fix the likely fix
     */
    record RefusedConnection(
            Instant at,
            String remoteAddress,
            @Nullable String certificateId,
            @Nullable String subjectCommonName,
            @Nullable String sni,
            String reason,
            String detail,
            String fix) {}
}
