package io.thingcore.client;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.io.IOException;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Why a connection attempt did not reach an accepted CONNACK. The message is one line for the person at the terminal;
 * {@link #failure()} is for code.
 */
public final class MqttConnectException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, in the order a connection attempt can fail. */
    public enum Failure {
        /** TCP: host unknown, connection refused, unreachable or timed out. */
        UNREACHABLE,
        /** TLS: the server's certificate is not signed by the given CA or does not name the server name. */
        SERVER_NOT_TRUSTED,
        /** TLS failed for another reason (protocol, cipher, a plain-TCP port). */
        TLS_FAILED,
        /**
         * The server ended the connection during or right after the TLS handshake, without a CONNACK: AWS IoT and
         * thingcore decide on the client certificate (registered, ACTIVE, its CA's and SNI rules) there, and an
         * MQTT 3.1.1 connection that the policy does not allow to {@code iot:Connect} is closed the same way.
         */
        REFUSED_BY_GATEWAY,
        /** The CONNACK carried a refusal return code. */
        CONNACK_REFUSED,
        /** No CONNACK within the connect timeout. */
        TIMEOUT
    }

    private final Failure failure;
    private final transient @Nullable MqttConnectReturnCode returnCode;

    public MqttConnectException(
            Failure failure, String message, @Nullable MqttConnectReturnCode returnCode, @Nullable Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.returnCode = returnCode;
    }

    public Failure failure() {
        return failure;
    }

    /** The CONNACK return code for {@link Failure#CONNACK_REFUSED}; null otherwise. */
    public @Nullable MqttConnectReturnCode returnCode() {
        return returnCode;
    }
}
