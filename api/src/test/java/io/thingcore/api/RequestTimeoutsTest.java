package io.thingcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.api.http.HttpTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half-sent requests against a real listener, over raw sockets: a head that never ends, a body shorter than its
 * {@code Content-Length}, a head dripped byte by byte, a slow but progressing 1 MiB body, and keep-alive connections
 * idle between requests. The bounds are short here (1 s for a head, 6 s for a body, 2 s idle) to keep the test fast.
 */
class RequestTimeoutsTest {
    static final HttpTimeouts TIMEOUTS =
            new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(6), Duration.ofSeconds(2));
    /** Scheduling and a loaded CI machine: a close must come within the bound plus this. */
    static final long SLACK_MILLIS = 1_500;

    @TempDir
    Path dir;

    TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(dir, TIMEOUTS);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.server.port());
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** What the server writes until it closes, and how long after {@code since} it closed. */
    record Answer(String text, long closedAfterMillis) {}

    static Answer readUntilClosed(Socket socket, long since) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return new Answer(out.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - since) / 1_000_000);
    }

    /** One response read whole by its Content-Length (the connection stays open). */
    static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static final String REQUEST = "GET /things HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void aHeadThatNeverEndsIsAnswered408AndClosedWithinTheBound() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            send(socket, "GET /things HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            Answer answer = readUntilClosed(socket, start);
            assertThat(answer.text()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
            assertThat(answer.text()).contains("RequestTimeoutException").containsIgnoringCase("connection: close");
            assertThat(answer.closedAfterMillis())
                    .isBetween(
                            TIMEOUTS.requestHead().toMillis() - 100,
                            TIMEOUTS.requestHead().toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void aHeadDrippedByteByByteIsClosedAtTheHeadDeadlineThoughItProgresses() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            byte[] head = "GET /things HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    .getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (byte b : head) {
                    socket.getOutputStream().write(b);
                    socket.getOutputStream().flush();
                    Thread.sleep(200);
                }
            } catch (IOException closedMeanwhile) {
                // the server closed while we were still dripping: what this test expects
            }
            Answer answer = readUntilClosed(socket, start);
            assertThat(answer.text()).startsWith("HTTP/1.1 408");
            assertThat(answer.closedAfterMillis())
                    .isLessThan(TIMEOUTS.requestHead().toMillis() + SLACK_MILLIS + 200);
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnswered408AndClosedWithinTheBound() throws Exception {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST /things/t1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"attributePayload\":");
            long start = System.nanoTime();
            Answer answer = readUntilClosed(socket, start);
            assertThat(answer.text()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
            // the silence allowed within a body is the head's bound
            assertThat(answer.closedAfterMillis())
                    .isBetween(
                            TIMEOUTS.requestHead().toMillis() - 100,
                            TIMEOUTS.requestHead().toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void aBodyDrippedSlowerThanTheBodyDeadlineAllowsIsClosedAtThatDeadline() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /things/t1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n");
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 100; i++) {
                    send(socket, "a");
                    Thread.sleep(500);
                }
            } catch (IOException closedMeanwhile) {
                // expected: the server closed
            }
            Answer answer = readUntilClosed(socket, start);
            assertThat(answer.text()).startsWith("HTTP/1.1 408");
            // The dripping loop notices the close only at its next write or the one after (500 ms apart), later on
            // a loaded machine; without the body deadline the drip would keep the connection open for 50 s.
            assertThat(answer.closedAfterMillis())
                    .isBetween(
                            TIMEOUTS.requestBody().toMillis() - 100,
                            TIMEOUTS.requestBody().toMillis() + SLACK_MILLIS + 2_000);
        }
    }

    @Test
    void aSlowButProgressingOneMebibyteBodyIsReadWhole() throws Exception {
        int size = 1024 * 1024;
        int chunk = 32 * 1024;
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            send(
                    socket,
                    "POST /things/t1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + size + "\r\n\r\n");
            byte[] part = new byte[chunk];
            Arrays.fill(part, (byte) ' ');
            for (int sent = 0; sent < size; sent += chunk) {
                socket.getOutputStream().write(part);
                socket.getOutputStream().flush();
                Thread.sleep(120); // 32 chunks over about 4 s: longer than a head may take, within the body's bound
            }
            String response = readResponse(socket);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isGreaterThan(TIMEOUTS.requestHead().toMillis() * 3);
            // unsigned: SigV4 refuses it, which it can only do once the whole body has been read
            assertThat(response).startsWith("HTTP/1.1 403").contains("MissingAuthenticationTokenException");
        }
    }

    @Test
    void aKeepAliveConnectionIdleWithinItsBoundServesTheNextRequestAndIsClosedSilentlyAfterIt() throws Exception {
        try (Socket socket = connect()) {
            send(socket, REQUEST);
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 403");
            // idle longer than a head may take, shorter than the idle bound
            Thread.sleep(TIMEOUTS.requestHead().toMillis() + 500);
            send(socket, REQUEST);
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 403");
            long start = System.nanoTime();
            Answer answer = readUntilClosed(socket, start);
            assertThat(answer.text()).isEmpty(); // no 408 on an idle connection (RFC 9112 section 9.5)
            assertThat(answer.closedAfterMillis())
                    .isBetween(TIMEOUTS.idle().toMillis() - 100, TIMEOUTS.idle().toMillis() + SLACK_MILLIS);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedSilentlyWithinTheHeadBound() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            Answer answer = readUntilClosed(socket, start);
            assertThat(answer.text()).isEmpty();
            assertThat(answer.closedAfterMillis())
                    .isLessThan(TIMEOUTS.requestHead().toMillis() + SLACK_MILLIS);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was not closed", e);
        }
    }
}
