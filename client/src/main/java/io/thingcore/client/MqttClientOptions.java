package io.thingcore.client;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how one client connects.
 *
 * @param host the host to connect to
 * @param port the MQTT over TLS port
 * @param serverName the TLS server name: sent as SNI and checked against the server certificate's SANs (AWS IoT and
 *     thingcore expect the endpoint host; defaults to {@code host})
 * @param clientId the MQTT client ID (on AWS IoT: the thing name)
 * @param keepAliveSeconds the MQTT keep-alive (MQTT 3.1.1 section 3.1.2.10); 0 turns it off, as the DIC firmware does
 * @param cleanSession the CONNECT clean-session flag
 * @param connectTimeout from TCP connect to CONNACK
 * @param maxPacketBytes the largest packet accepted from the server (AWS IoT's limit is 128 KB)
 * @param bindAddress the local address to connect from, or null for the one the operating system chooses
 */
public record MqttClientOptions(
        String host,
        int port,
        String serverName,
        String clientId,
        int keepAliveSeconds,
        boolean cleanSession,
        Duration connectTimeout,
        int maxPacketBytes,
        @Nullable String bindAddress) {

    public static final int DEFAULT_MAX_PACKET_BYTES = 128 * 1024 + 64;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public MqttClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        serverName = serverName == null || serverName.isBlank() ? host : serverName;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        if (keepAliveSeconds < 0 || keepAliveSeconds > 65535) {
            throw new IllegalArgumentException("keep-alive " + keepAliveSeconds + " is out of range 0-65535");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive");
        }
        if (maxPacketBytes < 64) {
            throw new IllegalArgumentException("maxPacketBytes " + maxPacketBytes + " is too small");
        }
    }

    /**
     * Defaults: SNI = {@code host}, keep-alive 60 s, clean session, {@link #DEFAULT_CONNECT_TIMEOUT}, AWS IoT's packet
     * limit.
     */
    public static MqttClientOptions of(String host, int port, String clientId) {
        return new MqttClientOptions(
                host, port, host, clientId, 60, true, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PACKET_BYTES, null);
    }

    public MqttClientOptions withServerName(String name) {
        return new MqttClientOptions(
                host,
                port,
                name,
                clientId,
                keepAliveSeconds,
                cleanSession,
                connectTimeout,
                maxPacketBytes,
                bindAddress);
    }

    public MqttClientOptions withKeepAlive(int seconds) {
        return new MqttClientOptions(
                host, port, serverName, clientId, seconds, cleanSession, connectTimeout, maxPacketBytes, bindAddress);
    }

    public MqttClientOptions withCleanSession(boolean clean) {
        return new MqttClientOptions(
                host, port, serverName, clientId, keepAliveSeconds, clean, connectTimeout, maxPacketBytes, bindAddress);
    }

    public MqttClientOptions withConnectTimeout(Duration timeout) {
        return new MqttClientOptions(
                host, port, serverName, clientId, keepAliveSeconds, cleanSession, timeout, maxPacketBytes, bindAddress);
    }

    public MqttClientOptions withBindAddress(@Nullable String address) {
        return new MqttClientOptions(
                host,
                port,
                serverName,
                clientId,
                keepAliveSeconds,
                cleanSession,
                connectTimeout,
                maxPacketBytes,
                address);
    }

    /** {@code host:port} for messages. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
