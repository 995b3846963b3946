package io.thingcore.broker.connect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.pipeline.HandlerNames;
import io.thingcore.broker.session.Connection;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.LogCapture;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CONNECT stage over an EmbeddedChannel; named after the normative statements they check. */
class ConnectStageTest {
    final EmbeddedBroker broker = new EmbeddedBroker();
    final PeerCertificate allowed = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void MQTT_3_1_0_1_firstPacketMustBeConnect() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(MqttMessage.PINGREQ);
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.<Object>readOutbound()).isNull();
    }

    @Test
    void noConnectWithinTheConnectTimeout_closesTheConnectionInItsTurn() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.advanceTimeBy(broker.services.config().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);

        // The timeout, then the handshake turn its close waits for (the embedded loop runs both).
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_0_2_secondConnectIsAProtocolViolation() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("c1", MqttVersion.MQTT_3_1_1, 60));
        MqttConnAckMessage ack = ch.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        ch.writeInbound(EmbeddedBroker.connect("c1", MqttVersion.MQTT_3_1_1, 60));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_3_8_emptyClientIdRejectedWithIdentifierRejected() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("", MqttVersion.MQTT_3_1_1, 60));
        MqttConnAckMessage ack = ch.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_clientIdOver128BytesRejected_mqtt5ClientIdentifierNotValid() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("x".repeat(129), MqttVersion.MQTT_5, 60));
        MqttConnAckMessage ack = ch.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_2_24_keepAliveTimesOneAndAHalf() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("ka", MqttVersion.MQTT_3_1_1, 60));
        EmbeddedBroker.drain(ch);
        assertThat(ch.pipeline().get(HandlerNames.CONNECT)).isNull();
        assertClosedAfterSilenceOf(ch, 90);
    }

    @Test
    void keepAliveTimerStopsWhenTheConnectionCloses() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("short-lived", MqttVersion.MQTT_3_1_1, 1200));
        EmbeddedBroker.drain(ch);
        ch.close();
        // Nothing left on the event loop's schedule that would hold the closed connection for 30 minutes.
        assertThat(ch.runScheduledPendingTasks()).isEqualTo(-1);
    }

    /** Open after {@code seconds} - 1 of silence, closed after {@code seconds}. */
    private static void assertClosedAfterSilenceOf(EmbeddedChannel ch, long seconds) {
        ch.advanceTimeBy(seconds - 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_keepAliveZeroMeans1200_mqtt5ServerKeepAliveReturned() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("ka0", MqttVersion.MQTT_5, 0));
        MqttConnAckMessage ack = ch.readOutbound();
        MqttProperties.MqttProperty<?> serverKeepAlive =
                ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE);
        assertThat(serverKeepAlive.value()).isEqualTo(1200);
        MqttProperties.MqttProperty<?> maxQos =
                ack.variableHeader().properties().getProperty(MqttProperties.MAXIMUM_QOS);
        assertThat(maxQos.value()).isEqualTo(1);
        assertClosedAfterSilenceOf(ch, 1_800);
    }

    @Test
    void aws_keepAliveZero_closedAfter1800SecondsOfSilence_oneWarningThatNamesTheClientAndTheOption() {
        try (LogCapture log = LogCapture.of(Disconnector.class)) {
            EmbeddedChannel ch = broker.channel(allowed);
            ch.writeInbound(EmbeddedBroker.connect("DIC_2", MqttVersion.MQTT_3_1_1, 0));
            EmbeddedBroker.drain(ch);
            ch.advanceTimeBy(1_799, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).isTrue();
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).isFalse();
            assertThat(log.at(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("client 'DIC_2': MQTT_KEEP_ALIVE_TIMEOUT")
                    .contains("no packet for 1800 s; keep-alive requested 0 s, applied 1200 s")
                    .contains("DIC firmware never reconnects")
                    .contains("--keep-alive-zero never");
        }
    }

    @Test
    void MQTT_3_1_2_24_silentClientClosed_warningWithoutTheKeepAliveZeroAdvice() {
        try (LogCapture log = LogCapture.of(Disconnector.class)) {
            EmbeddedChannel ch = broker.channel(allowed);
            ch.writeInbound(EmbeddedBroker.connect("sensor", MqttVersion.MQTT_3_1_1, 60));
            EmbeddedBroker.drain(ch);
            ch.advanceTimeBy(80, TimeUnit.SECONDS);
            ch.writeInbound(MqttMessage.PINGREQ); // any packet restarts the count
            EmbeddedBroker.drain(ch);
            ch.advanceTimeBy(80, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).isTrue();
            ch.advanceTimeBy(10, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).isFalse();
            assertThat(log.at(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("client 'sensor': MQTT_KEEP_ALIVE_TIMEOUT")
                    .contains("no packet for 90 s; keep-alive requested 60 s, applied 60 s")
                    .doesNotContain("--keep-alive-zero");
        }
    }

    @Test
    void keepAliveTimeoutWarning_escapesTheClientId() {
        try (LogCapture log = LogCapture.of(Disconnector.class)) {
            EmbeddedChannel ch = broker.channel(allowed);
            ch.writeInbound(EmbeddedBroker.connect("x\nINFO forged'\u202e", MqttVersion.MQTT_3_1_1, 30));
            EmbeddedBroker.drain(ch);
            ch.advanceTimeBy(45, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(log.at(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("client 'x\\x0aINFO forged\\'\\u202e'")
                    .doesNotContain("\n");
        }
    }

    @Test
    void MQTT_3_1_2_10_keepAliveZeroNever_noIdleClose_mqtt5NoServerKeepAlive() {
        try (EmbeddedBroker never = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(BrokerConfig.KEEP_ALIVE_OFF))) {
            PeerCertificate peer = never.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
            EmbeddedChannel v5 = never.channel(peer);
            v5.writeInbound(EmbeddedBroker.connect("dic5", MqttVersion.MQTT_5, 0));
            MqttConnAckMessage ack = v5.readOutbound();
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            // MQTT 5 3.2.2.3.14: no Server Keep Alive, so the client's 0 stands (keep-alive off).
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE))
                    .isNull();
            EmbeddedChannel v3 = never.channel(peer);
            v3.writeInbound(EmbeddedBroker.connect("dic3", MqttVersion.MQTT_3_1_1, 0));
            EmbeddedBroker.drain(v3);
            for (EmbeddedChannel ch : List.of(v3, v5)) {
                ch.advanceTimeBy(30, TimeUnit.DAYS);
                ch.runScheduledPendingTasks();
                assertThat(ch.isOpen()).isTrue();
                Connection connection = ch.attr(Connection.KEY).get();
                assertThat(connection.requestedKeepAlive()).isZero();
                assertThat(connection.appliedKeepAlive()).isEqualTo(KeepAlive.OFF);
            }
            // A client that asks for a keep-alive still gets AWS IoT's rules.
            EmbeddedChannel sixty = never.channel(peer);
            sixty.writeInbound(EmbeddedBroker.connect("sixty", MqttVersion.MQTT_3_1_1, 60));
            EmbeddedBroker.drain(sixty);
            sixty.advanceTimeBy(90, TimeUnit.SECONDS);
            sixty.runScheduledPendingTasks();
            assertThat(sixty.isOpen()).isFalse();
        }
    }

    @Test
    void keepAliveZeroSeconds_appliedAndAnnouncedToMqtt5() {
        try (EmbeddedBroker tenMinutes = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(600))) {
            PeerCertificate peer = tenMinutes.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
            EmbeddedChannel ch = tenMinutes.channel(peer);
            ch.writeInbound(EmbeddedBroker.connect("ka600", MqttVersion.MQTT_5, 0));
            MqttConnAckMessage ack = ch.readOutbound();
            assertThat(ack.variableHeader()
                            .properties()
                            .getProperty(MqttProperties.SERVER_KEEP_ALIVE)
                            .value())
                    .isEqualTo(600);
            assertClosedAfterSilenceOf(ch, 900);
        }
    }

    @Test
    void lastActivityIsTheLastPacketReceived() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("active", MqttVersion.MQTT_3_1_1, 60));
        EmbeddedBroker.drain(ch);
        Connection connection = ch.attr(Connection.KEY).get();
        assertThat(connection.silence()).isZero();
        ch.advanceTimeBy(40, TimeUnit.SECONDS);
        assertThat(connection.silence()).isEqualTo(Duration.ofSeconds(40));
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(connection.lastActivity(now)).isEqualTo(now.minusSeconds(40));
        ch.writeInbound(MqttMessage.PINGREQ);
        EmbeddedBroker.drain(ch);
        assertThat(connection.silence()).isZero();
        assertThat(connection.lastActivity(now)).isEqualTo(now);
    }

    @Test
    void aws_keepAliveRules() {
        assertThat(KeepAlive.effectiveSeconds(0, 1200)).isEqualTo(1200);
        assertThat(KeepAlive.effectiveSeconds(0, KeepAlive.OFF)).isEqualTo(KeepAlive.OFF);
        assertThat(KeepAlive.effectiveSeconds(0, 45)).isEqualTo(45);
        assertThat(KeepAlive.effectiveSeconds(1, KeepAlive.OFF)).isEqualTo(30);
        assertThat(KeepAlive.effectiveSeconds(65535, KeepAlive.OFF)).isEqualTo(1200);
        assertThat(KeepAlive.effectiveSeconds(0)).isEqualTo(1200);
        assertThat(KeepAlive.effectiveSeconds(1201)).isEqualTo(1200);
        assertThat(KeepAlive.effectiveSeconds(65535)).isEqualTo(1200);
        assertThat(KeepAlive.effectiveSeconds(1)).isEqualTo(30);
        assertThat(KeepAlive.effectiveSeconds(29)).isEqualTo(30);
        assertThat(KeepAlive.effectiveSeconds(30)).isEqualTo(30);
        assertThat(KeepAlive.effectiveSeconds(1200)).isEqualTo(1200);
        assertThat(KeepAlive.timeoutMillis(30)).isEqualTo(45_000);
    }

    @Test
    void aws_connectDenied_mqtt311_droppedWithoutConnack() {
        EmbeddedChannel ch = broker.channel(broker.device(List.of()));
        ch.writeInbound(EmbeddedBroker.connect("nope", MqttVersion.MQTT_3_1_1, 60));
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_connectDenied_mqtt5_connackNotAuthorized() {
        EmbeddedChannel ch = broker.channel(broker.device(List.of()));
        ch.writeInbound(EmbeddedBroker.connect("nope", MqttVersion.MQTT_5, 60));
        MqttConnAckMessage ack = ch.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void decodeGuard_failedDecodeClosesTheConnection() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(MqttMessageFactory.newInvalidMessage(new IllegalArgumentException("bad remaining length")));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void usernameAndPasswordAreIgnored() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(MqttMessageBuilders.connect()
                .clientId("sdk")
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .username("?SDK=Java&Version=1.21.0")
                .password(new byte[] {1, 2, 3})
                .cleanSession(true)
                .build());
        MqttConnAckMessage ack = ch.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }
}
