package io.thingcore.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.LogCapture;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.testkit.mqtt.RawMqttClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Values a client chooses (client ID, topic, topic filter) reach the log escaped: a newline followed by a fake entry
 * stays on the line it was logged on, and terminal escape sequences arrive as text (CWE-117, log injection).
 */
class LogInjectionTest {
    /** A newline, a line as the gateway's log pattern writes them, and an escape sequence that turns text red. */
    static final String FORGED = "\n09:00:00.000 INFO  MqttBroker - admin signed in\u001b[31m";

    static final String ESCAPED_FORGED = "\\x0a09:00:00.000 INFO  MqttBroker - admin signed in\\x1b[31m";

    final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void aRefusedTopicFilter_isLoggedOnOneLine_clientIdAndFilterEscaped() {
        PeerCertificate peer = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
        try (LogCapture log = LogCapture.ofBroker()) {
            EmbeddedChannel ch = connected(peer, "dev" + FORGED, MqttVersion.MQTT_5);
            ch.writeInbound(SessionStageTest.subscribe(1, "a/#/b" + FORGED));
            EmbeddedBroker.drain(ch);

            assertOneLineEach(log);
            assertThat(log.all())
                    .filteredOn(l -> l.contains("subscription to"))
                    .singleElement()
                    .asString()
                    .contains("client 'dev" + ESCAPED_FORGED + "'")
                    .contains("subscription to 'a/#/b" + ESCAPED_FORGED + "' refused");
        }
    }

    @Test
    void aDeniedPublish_closesWithOneLine_topicEscaped() {
        PeerCertificate peer =
                broker.device(List.of(TestDirectory.policy("p", TestDirectory.allow("\"iot:Connect\"", "\"*\""))));
        try (LogCapture log = LogCapture.ofBroker()) {
            EmbeddedChannel ch = connected(peer, "dev" + FORGED, MqttVersion.MQTT_3_1_1);
            ch.writeInbound(SessionStageTest.publish("t" + FORGED, 1, 1));
            EmbeddedBroker.drain(ch);

            assertThat(ch.isOpen()).isFalse();
            assertOneLineEach(log);
            assertThat(log.all())
                    .filteredOn(l -> l.contains("closing") && l.contains("FORBIDDEN_ACCESS"))
                    .singleElement()
                    .asString()
                    .contains("client 'dev" + ESCAPED_FORGED + "'")
                    .contains("topic/t" + ESCAPED_FORGED);
        }
    }

    @Test
    void anUndecodablePublish_theDecodersMessageQuotingTheTopic_isOneLine() {
        PeerCertificate peer = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
        try (LogCapture log = LogCapture.ofBroker()) {
            EmbeddedChannel ch = broker.byteChannel(peer);
            ch.writeInbound(Unpooled.wrappedBuffer(connectPacket("dev")));
            // Netty's decoder refuses a wildcard in a PUBLISH topic with a message that quotes the topic.
            ch.writeInbound(Unpooled.wrappedBuffer(publishPacket("a/+" + FORGED)));
            EmbeddedBroker.drain(ch);

            assertThat(ch.isOpen()).isFalse();
            assertOneLineEach(log);
            assertThat(log.all())
                    .filteredOn(l -> l.contains("undecodable PUBLISH"))
                    .singleElement()
                    .asString()
                    .contains("a/+" + ESCAPED_FORGED);
        }
    }

    private EmbeddedChannel connected(PeerCertificate peer, String clientId, MqttVersion version) {
        EmbeddedChannel ch = broker.channel(peer);
        ch.writeInbound(EmbeddedBroker.connect(clientId, version, 60));
        EmbeddedBroker.drain(ch);
        return ch;
    }

    /** No captured message holds a line break or an escape character: each is exactly one line of the log. */
    private static void assertOneLineEach(LogCapture log) {
        assertThat(log.all())
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u2028", "\u2029", "\u0085"));
    }

    private static byte[] connectPacket(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60});
        body.writeBytes(string(clientId));
        return RawMqttClient.packet(0x10, body.toByteArray());
    }

    private static byte[] publishPacket(String topic) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string(topic));
        body.writeBytes("x".getBytes(StandardCharsets.UTF_8));
        return RawMqttClient.packet(0x30, body.toByteArray());
    }

    private static byte[] string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
        return out.toByteArray();
    }
}
