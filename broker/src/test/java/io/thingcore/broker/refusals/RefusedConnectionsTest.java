package io.thingcore.broker.refusals;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.thingcore.broker.logging.PacedLog;
import io.thingcore.broker.testing.LogCapture;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusedConnectionsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.7", 50000);

    @Test
    void theRingKeepsTheNewestFirstAndNoMoreThanItsCapacity() {
        RefusedConnections refusals =
                new RefusedConnections(CLOCK, 3, new PacedLog(LoggerFactory.getLogger(RefusedConnectionsTest.class)));
        for (int i = 1; i <= 5; i++) {
            refusals.record(FROM, null, null, "host-" + i, RefusalReason.SNI_WRONG, "refusal " + i);
        }
        assertThat(refusals.recent())
                .extracting(RefusedConnection::detail)
                .containsExactly("refusal 5", "refusal 4", "refusal 3");
        assertThat(refusals.countsByReason()).containsEntry(RefusalReason.SNI_WRONG, 5L);
        assertThat(refusals.countsByReason()).containsEntry(RefusalReason.PLAIN_MQTT, 0L);
    }

    /** No client can grow the record: what it sends is cut; the log line escapes it. */
    @Test
    void clientValuesAreCutInTheRecordAndEscapedInTheLine() {
        RefusedConnections refusals = new RefusedConnections(CLOCK);
        String longName = "a".repeat(10_000);
        try (LogCapture log = LogCapture.of(RefusedConnections.class)) {
            RefusedConnection refused = refusals.refuse(
                    FROM, "0123456789abcdef", "dev\nice", longName, RefusalReason.SNI_WRONG, "wrong name");
            assertThat(refused.sni()).hasSize(RefusedConnections.MAX_VALUE_CHARS + 1);
            assertThat(refused.at()).isEqualTo(CLOCK.instant());
            assertThat(log.at(Level.WARN))
                    .singleElement()
                    .asString()
                    .startsWith(
                            "connection from /192.0.2.7:50000 refused (certificate 0123456789ab…, CN=dev\\x0aice, SNI"
                                    + " 'aaaa")
                    .endsWith("): wrong name. Fix: " + RefusalReason.SNI_WRONG.fix())
                    .doesNotContain("\n");
        }
    }

    /** A flood of one reason is summarised; another reason still gets its line. */
    @Test
    void linesArePacedPerReason() {
        long[] now = {0};
        RefusedConnections refusals = new RefusedConnections(
                CLOCK,
                10,
                new PacedLog(
                        LoggerFactory.getLogger(RefusedConnections.class),
                        2,
                        TimeUnit.SECONDS.toNanos(10),
                        () -> now[0]));
        try (LogCapture log = LogCapture.of(RefusedConnections.class)) {
            for (int i = 0; i < 50; i++) {
                refusals.refuse(FROM, null, null, null, RefusalReason.PLAIN_MQTT, "plain " + i);
            }
            refusals.refuse(FROM, null, null, null, RefusalReason.NO_CLIENT_CERTIFICATE, "no certificate");
            assertThat(log.at(Level.WARN)).hasSize(3);
            assertThat(log.at(Level.WARN).get(2)).contains("no certificate");
        }
        assertThat(refusals.countsByReason()).containsEntry(RefusalReason.PLAIN_MQTT, 50L);
    }
}
