package io.thingcore.testkit.mqtt;

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
import org.jspecify.annotations.Nullable;

/**
 * Raw MQTT bytes over a JDK TLS socket, with full control of SNI (Paho always sends the URI's host): for the CONNACK
 * a certificate gets ({@link #connectAccepted}), and for malformed and out-of-order packets no real client would send
 * ({@link #open}, {@link #send}). Packets are built by hand from the MQTT 3.1.1 and 5.0 specifications (section 3.1,
 * CONNECT; section 3.3, PUBLISH; section 2.2.3, Remaining Length).
 */
public final class RawMqttClient implements AutoCloseable {
    private final SSLSocket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawMqttClient(SSLSocket socket) {
        this.socket = socket;
    }

    public static RawMqttClient open(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return new RawMqttClient(socket);
    }

    /** True when the server answered CONNACK 0x00; false when it closed or refused. */
    public static boolean connectAccepted(int port, SSLContext context, @Nullable String sni, String clientId)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
                socket.getOutputStream().write(connectPacket(clientId, 4));
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

    public RawMqttClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends an MQTT 3.1.1 (level 4) or 5 CONNECT with a clean session; true when CONNACK accepted it. */
    public boolean connect(String clientId, int level) throws IOException {
        send(connectPacket(clientId, level));
        InputStream in = socket.getInputStream();
        int type = in.read();
        int length = in.read();
        byte[] rest = in.readNBytes(length);
        return type == 0x20 && rest.length == length && rest[1] == 0;
    }

    public static byte[] connectPacket(String clientId, int level) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', (byte) level, 2, 0, 60});
        if (level == 5) {
            body.write(0); // no properties
        }
        body.write(id.length >> 8);
        body.write(id.length & 0xff);
        body.writeBytes(id);
        return packet(0x10, body.toByteArray());
    }

    /** A PUBLISH QoS 0 whose topic is the given raw bytes (so they may be ill-formed UTF-8). */
    public static byte[] publishPacket(byte[] topic, byte[] payload, int level) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(topic.length >> 8);
        body.write(topic.length & 0xff);
        body.writeBytes(topic);
        if (level == 5) {
            body.write(0);
        }
        body.writeBytes(payload);
        return packet(0x30, body.toByteArray());
    }

    /** A packet with a correctly encoded Remaining Length. */
    public static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Waits for the server to close; true when it did within {@code millis}. Bytes it sent are kept. */
    public boolean closedByServer(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset or TLS alert: closed too
        }
    }

    /** What the server sent after CONNACK (e.g. an MQTT 5 DISCONNECT), as read by {@link #closedByServer}. */
    public byte[] received() {
        return received.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
