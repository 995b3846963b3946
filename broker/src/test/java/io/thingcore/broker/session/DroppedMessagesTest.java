package io.thingcore.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session whose QoS 1 queue is full drops further messages ({@code Limits.maxQueuedMessages}); those drops are
 * counted and reported in a bounded number of log lines, never one line per message (a stalled subscriber on a busy
 * topic used to write one WARN line per dropped message).
 */
class DroppedMessagesTest {
    private static final Subscription QOS_1 = new Subscription(1, false);

    private static Message message(String topic) {
        return new Message(topic, "x".getBytes(StandardCharsets.UTF_8), 1, false, null, "publisher");
    }

    @Test
    void tenThousandDropsForAnOfflinePersistentSession_areCountedAndLoggedInOneLine() {
        DroppedMessages drops = new DroppedMessages();
        try (SessionWriter writer = new SessionWriter(SessionStore.NONE);
                LogCapture log = LogCapture.of(Session.class)) {
            // offline (no connection bound) and persistent (expiry > 0): QoS 1 messages are queued, up to 100
            Session offline = new Session("offline-device", 3600, 100, 100, writer, drops, new BrokerCounters());
            for (int i = 0; i < 10_100; i++) {
                offline.deliver(message("busy/topic"), QOS_1, false);
            }

            assertThat(offline.dropped()).isEqualTo(10_000);
            assertThat(drops.total()).isEqualTo(10_000);
            List<String> warnings = log.at(Level.WARN);
            // the run of drops starts with one line; the next summary comes after 10 s at the earliest
            assertThat(warnings).hasSizeLessThanOrEqualTo(2);
            assertThat(warnings.get(0))
                    .contains("session 'offline-device'")
                    .contains("queue full (100 QoS 1 messages)")
                    .contains("'busy/topic'");
        }
    }

    @Test
    void theCounterAddsUpOverSessions_andAClientIdCannotForgeALogLine() {
        DroppedMessages drops = new DroppedMessages();
        try (SessionWriter writer = new SessionWriter(SessionStore.NONE);
                LogCapture log = LogCapture.of(Session.class)) {
            Session forged = new Session("a\nINFO fake line", 3600, 1, 1, writer, drops, new BrokerCounters());
            Session other = new Session("b", 3600, 1, 1, writer, drops, new BrokerCounters());
            for (int i = 0; i < 5; i++) {
                forged.deliver(message("t"), QOS_1, false);
                other.deliver(message("t"), QOS_1, false);
            }

            assertThat(drops.total()).isEqualTo(8);
            assertThat(log.at(Level.WARN))
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        }
    }
}
