package io.thingcore.testkit.mqtt;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Tells a refusal inside the TLS handshake from a close after it, with a JDK client: over TLS 1.2 the client's
 * handshake needs the server's Finished, so a failing {@code startHandshake()} means the server never completed it
 * (the client sees the alert, or a broken pipe when the server closed while the client was still writing its flight);
 * over TLS 1.3 the client finishes before the server has verified its certificate, so the server's alert
 * ({@link SSLHandshakeException}) arrives on the first read, after a CONNECT is written.
 */
public final class TlsProbe {
    private static final int ALERT_WAIT_MILLIS = 300;

    private TlsProbe() {}

    public enum Outcome {
        REFUSED_IN_HANDSHAKE,
        CLOSED_AFTER_HANDSHAKE,
        ACCEPTED
    }

    /**
     * An outcome, with the client's TLS session and whether the CONNECT was sent.
     *
     * @param session the session the client's handshake completed with, or null when {@code startHandshake()} failed
     * @param connectSent false when the server refused or closed before the client wrote its CONNECT: a refusal made
     *     on handshake completion, before any MQTT packet was read
     */
    public record Attempt(Outcome outcome, @Nullable SSLSession session, boolean connectSent) {}

    /** What a client presenting {@code context}'s certificate gets from an MQTT 3.1.1 CONNECT over {@code protocol}. */
    public static Outcome probe(int port, SSLContext context, String protocol, @Nullable String sni, String clientId)
            throws IOException {
        return attempt(port, context, protocol, sni, clientId).outcome();
    }

    /**
     * As {@link #probe}, with the client's session: {@code context} keeps it in its client session cache, so a later
     * attempt with the same context offers to resume it (TLS 1.2 session ID or ticket, TLS 1.3 PSK ticket).
     */
    public static Attempt attempt(int port, SSLContext context, String protocol, @Nullable String sni, String clientId)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                return new Attempt(Outcome.REFUSED_IN_HANDSHAKE, null, false);
            }
            return afterHandshake(socket, clientId);
        }
    }

    private static Attempt afterHandshake(SSLSocket socket, String clientId) throws IOException {
        SSLSession session = socket.getSession();
        boolean connectSent = false;
        try {
            // Give the server's alert time to arrive before writing: a CONNECT that reaches a server that has
            // already closed makes it answer with a TCP reset, which can discard the alert on the client.
            socket.setSoTimeout(ALERT_WAIT_MILLIS);
            try {
                if (socket.getInputStream().read() < 0) {
                    return new Attempt(Outcome.CLOSED_AFTER_HANDSHAKE, session, false);
                }
            } catch (SocketTimeoutException quiet) {
                // nothing from the server: the handshake was accepted
            }
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(RawMqttClient.connectPacket(clientId, 4));
            socket.getOutputStream().flush();
            connectSent = true;
            byte[] connAck = socket.getInputStream().readNBytes(4);
            return new Attempt(
                    connAck.length == 4 && connAck[0] == 0x20 && connAck[3] == 0
                            ? Outcome.ACCEPTED
                            : Outcome.CLOSED_AFTER_HANDSHAKE,
                    session,
                    true);
        } catch (SSLHandshakeException e) {
            return new Attempt(Outcome.REFUSED_IN_HANDSHAKE, session, connectSent);
        } catch (IOException e) {
            return new Attempt(Outcome.CLOSED_AFTER_HANDSHAKE, session, connectSent);
        }
    }
}
