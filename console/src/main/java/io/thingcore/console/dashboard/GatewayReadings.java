package io.thingcore.console.dashboard;

/**
 * What the dashboard samples, implemented by the server from the broker's counters and gauges. Must be cheap and
 * must not block: it is read once a minute and on every dashboard request.
 */
@FunctionalInterface
public interface GatewayReadings {
    Reading read();

    /**
     * @param connectedClients MQTT clients connected now
     * @param messagesReceived PUBLISH packets received from clients since the gateway started (monotonic)
     * @param connectionsRefused connections refused at the TLS handshake or at CONNECT since the gateway started
     *     (monotonic)
     */
    record Reading(int connectedClients, long messagesReceived, long connectionsRefused) {}
}
