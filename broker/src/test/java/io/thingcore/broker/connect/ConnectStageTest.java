package io.thingcore.broker.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.thingcore.broker.pipeline.HandlerNames;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.util.List;
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
        assertThat((Object) ch.readOutbound()).isNull();
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
        IdleStateHandler idle = (IdleStateHandler) ch.pipeline().get(HandlerNames.KEEP_ALIVE);
        assertThat(idle.getReaderIdleTimeInMillis()).isEqualTo(90_000);
        assertThat(ch.pipeline().get(HandlerNames.CONNECT)).isNull();
    }

    @Test
    void aws_keepAliveZeroMeans1200_mqtt5ServerKeepAliveReturned() {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(EmbeddedBroker.connect("ka0", MqttVersion.MQTT_5, 0));
        MqttConnAckMessage ack = ch.readOutbound();
        MqttProperties.MqttProperty<?> serverKeepAlive = ack.variableHeader()
                .properties()
                .getProperty(MqttProperties.MqttPropertyType.SERVER_KEEP_ALIVE.value());
        assertThat(serverKeepAlive.value()).isEqualTo(1200);
        MqttProperties.MqttProperty<?> maxQos =
                ack.variableHeader().properties().getProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value());
        assertThat(maxQos.value()).isEqualTo(1);
        IdleStateHandler idle = (IdleStateHandler) ch.pipeline().get(HandlerNames.KEEP_ALIVE);
        assertThat(idle.getReaderIdleTimeInMillis()).isEqualTo(1_800_000);
    }

    @Test
    void aws_keepAliveRules() {
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
        assertThat((Object) ch.readOutbound()).isNull();
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
