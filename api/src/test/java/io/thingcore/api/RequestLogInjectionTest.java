package io.thingcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thingcore.api.http.HttpTimeouts;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A request target chosen by a client reaches the log escaped (CWE-117): over a raw socket, a path holding an escape
 * sequence that would recolour or erase an operator's terminal line and NEL (U+0085, a line break to some log
 * viewers) is logged on one line, as text. A raw CR or LF cannot reach a path: the request line ends there.
 */
class RequestLogInjectionTest {
    static final String HOSTILE_PATH = "/things/a\u001b[2K\u001b[31m\u0085INFO:forged";
    static final String ESCAPED_PATH = "/things/a\\x1b[2K\\x1b[31m\\x85INFO:forged";

    @TempDir
    Path dir;

    TestGateway gateway;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger api = (Logger) LoggerFactory.getLogger("io.thingcore.api");

    @Nullable
    Level levelBefore;

    @BeforeEach
    void start() {
        gateway = new TestGateway(
                dir, new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(6), Duration.ofSeconds(2)));
        levelBefore = api.getLevel();
        log.start();
        api.addAppender(log);
        api.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        api.detachAppender(log);
        api.setLevel(levelBefore);
        gateway.close();
    }

    @Test
    void aRefusedRequest_isLoggedOnOneLine_pathEscaped() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server.port())) {
            socket.setSoTimeout(15_000);
            RequestTimeoutsTest.send(socket, "GET " + HOSTILE_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(RequestTimeoutsTest.readResponse(socket)).startsWith("HTTP/1.1 403");
        }
        assertThat(lines())
                .filteredOn(l -> l.contains("-> 403"))
                .singleElement()
                .asString()
                .contains(ESCAPED_PATH);
        assertOneLineEach();
    }

    @Test
    void aHalfSentBody_its408LineHasThePathEscaped() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server.port())) {
            socket.setSoTimeout(15_000);
            // a whole head, then a body shorter than its Content-Length: the 408 line names the method and the path
            RequestTimeoutsTest.send(
                    socket, "POST " + HOSTILE_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n");
            assertThat(RequestTimeoutsTest.readUntilClosed(socket, System.nanoTime())
                            .text())
                    .startsWith("HTTP/1.1 408");
        }
        assertThat(lines())
                .filteredOn(l -> l.contains("408"))
                .singleElement()
                .asString()
                .contains(ESCAPED_PATH);
        assertOneLineEach();
    }

    private List<String> lines() {
        // the event loop may still log (the connection's close) while the test reads: AppenderBase.doAppend holds the
        // appender's monitor, so a copy taken under it is consistent
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private void assertOneLineEach() {
        assertThat(lines()).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u0085"));
    }
}
