package io.thingcore.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal MQTT 3.1.1 client over a JDK TLS socket with full control of SNI (Paho always sends the URI's host as
 * SNI). Says whether CONNECT was answered with an accepting CONNACK.
 */
public final class RawMqttClient {
    private RawMqttClient() {}

    /** True when the server answered CONNACK 0x00; false when it closed or refused. */
    public static boolean connectAccepted(int port, SSLContext context, String sni, String clientId)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
                socket.getOutputStream().write(connect(clientId));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                byte[] connAck = in.readNBytes(4);
                return connAck.length == 4 && connAck[0] == 0x20 && connAck[3] == 0;
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return false; // the server hung up: refused
            }
        }
    }

    static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60});
        body.write(id.length >> 8);
        body.write(id.length & 0xff);
        body.writeBytes(id);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(body.size()); // < 128 for the IDs tests use
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }
}
