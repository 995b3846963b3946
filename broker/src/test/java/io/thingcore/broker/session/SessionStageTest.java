package io.thingcore.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.RetainedQuota;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session stage over an EmbeddedChannel. */
class SessionStageTest {
    final EmbeddedBroker broker = new EmbeddedBroker();
    final PeerCertificate allowed = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));

    @AfterEach
    void close() {
        broker.close();
    }

    EmbeddedChannel connected(PeerCertificate peer, String clientId, MqttVersion version) {
        EmbeddedChannel ch = broker.channel(peer);
        ch.writeInbound(EmbeddedBroker.connect(clientId, version, 60));
        EmbeddedBroker.drain(ch);
        return ch;
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId) {
        return MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .messageId(packetId)
                .payload(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8))
                .build();
    }

    static MqttMessage subscribe(int packetId, String... filters) {
        var b = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String f : filters) {
            b.addSubscription(MqttQoS.AT_LEAST_ONCE, f);
        }
        return b.build();
    }

    @Test
    void aws_publishDenied_mqtt5_pubackReasonNotAuthorized() {
        PeerCertificate peer =
                broker.device(List.of(TestDirectory.policy("p", TestDirectory.allow("\"iot:Connect\"", "\"*\""))));
        EmbeddedChannel ch = connected(peer, "p5", MqttVersion.MQTT_5);
        ch.writeInbound(publish("forbidden", 1, 7));
        MqttMessage ack = ch.readOutbound();
        MqttPubReplyMessageVariableHeader h = (MqttPubReplyMessageVariableHeader) ack.variableHeader();
        assertThat(h.messageId()).isEqualTo(7);
        assertThat(h.reasonCode()).isEqualTo((byte) 0x87);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aws_qos2Publish_mqtt5_disconnectQosNotSupported() {
        EmbeddedChannel ch = connected(allowed, "q2", MqttVersion.MQTT_5);
        ch.writeInbound(publish("t", 2, 1));
        MqttMessage disconnect = ch.readOutbound();
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x9B);
        assertThat(ch.isOpen()).isFalse();
    }

    /** A message Netty's decoder failed on, as it passes it down the pipeline. */
    static MqttMessage undecodable(Throwable cause) {
        return new MqttMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                null,
                null,
                DecoderResult.failure(cause));
    }

    static byte disconnectReason(EmbeddedChannel ch) {
        MqttMessage disconnect = ch.readOutbound();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        return ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode();
    }

    /** MQTT 5.0 section 4.13.1 [MQTT-4.13.1-1]: a Malformed Packet closes the connection; 0x81 (section 3.14.2.1). */
    @Test
    void mqtt5_4_13_1_1_malformedPacketAfterConnect_disconnect0x81AndClose() {
        EmbeddedChannel ch = connected(allowed, "malformed", MqttVersion.MQTT_5);

        ch.writeInbound(undecodable(new DecoderException("invalid QoS")));

        assertThat(disconnectReason(ch)).isEqualTo((byte) 0x81);
        assertThat(ch.isOpen()).isFalse();
    }

    /** MQTT 5.0 section 3.14.2.1: 0x95 Packet too large, for a packet over the Maximum Packet Size. */
    @Test
    void mqtt5_packetOverTheMaximumSizeAfterConnect_disconnect0x95AndClose() {
        EmbeddedChannel ch = connected(allowed, "large", MqttVersion.MQTT_5);

        ch.writeInbound(undecodable(new TooLongFrameException("too large message: 200000 bytes")));

        assertThat(disconnectReason(ch)).isEqualTo((byte) 0x95);
        assertThat(ch.isOpen()).isFalse();
    }

    /** The session stage is the pipeline's last handler: an exception from any stage ends the connection there. */
    @Test
    void anExceptionInThePipelineDisconnectsWithAnImplementationSpecificError() {
        EmbeddedChannel ch = connected(allowed, "failing", MqttVersion.MQTT_5);

        ch.pipeline().fireExceptionCaught(new IllegalStateException("a fault in some stage"));

        assertThat(disconnectReason(ch)).isEqualTo((byte) 0x83);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anIoFailureClosesTheConnectionWithoutADisconnectPacket() {
        EmbeddedChannel ch = connected(allowed, "lost", MqttVersion.MQTT_5);

        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(ch.isOpen()).isFalse();
        Object written = ch.readOutbound();
        assertThat(written).isNull();
    }

    @Test
    void aws_topicLongerThan256Bytes_disconnects() {
        EmbeddedChannel ch = connected(allowed, "long", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(publish("t".repeat(257), 0, 0));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_topicWithMoreThan7Slashes_disconnects() {
        EmbeddedChannel ch = connected(allowed, "deep", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(publish("a/b/c/d/e/f/g/h/i", 0, 0));
        assertThat(ch.isOpen()).isFalse();
    }

    static MqttPublishMessage retained(String topic, int qos, int packetId) {
        return MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .retained(true)
                .messageId(packetId)
                .payload(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void aws_retainedQuotaExceeded_mqtt5_pubackQuotaExceeded_notStored_staysConnected() {
        try (EmbeddedBroker small =
                new EmbeddedBroker(b -> b.retainedQuota(new RetainedQuota(1, 1024, 1024, 100, 100)))) {
            PeerCertificate peer = small.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
            EmbeddedChannel ch = small.channel(peer);
            ch.writeInbound(EmbeddedBroker.connect("r5", MqttVersion.MQTT_5, 60));
            EmbeddedBroker.drain(ch);
            ch.writeInbound(retained("first", 1, 1));
            MqttMessage ok = ch.readOutbound();
            assertThat(((MqttPubReplyMessageVariableHeader) ok.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0);
            ch.writeInbound(retained("second", 1, 2));
            MqttMessage refused = ch.readOutbound();
            assertThat(((MqttPubReplyMessageVariableHeader) refused.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x97);
            assertThat(small.services.router().retained().get("second")).isEmpty();
            assertThat(ch.isOpen()).isTrue();
        }
    }

    @Test
    void aws_retainedQuotaExceeded_mqtt311Qos1_closedAsThrottled() {
        try (EmbeddedBroker small =
                new EmbeddedBroker(b -> b.retainedQuota(new RetainedQuota(1, 1024, 1024, 100, 100)))) {
            PeerCertificate peer = small.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
            EmbeddedChannel ch = small.channel(peer);
            ch.writeInbound(EmbeddedBroker.connect("r3", MqttVersion.MQTT_3_1_1, 60));
            EmbeddedBroker.drain(ch);
            ch.writeInbound(retained("first", 1, 1));
            EmbeddedBroker.drain(ch);
            ch.writeInbound(retained("second", 1, 2));
            assertThat(ch.<Object>readOutbound()).as("no PUBACK").isNull();
            assertThat(ch.isOpen()).isFalse();
            assertThat(small.services.router().retained().get("second")).isEmpty();
        }
    }

    /** A SUBSCRIBE or UNSUBSCRIBE as the decoder reads one without a payload (Netty's builders refuse to build it). */
    static MqttMessage withoutFilters(MqttMessageType type) {
        MqttFixedHeader header = new MqttFixedHeader(type, false, MqttQoS.AT_LEAST_ONCE, false, 2);
        MqttMessageIdAndPropertiesVariableHeader id = new MqttMessageIdAndPropertiesVariableHeader(3, null);
        return type == MqttMessageType.SUBSCRIBE
                ? new MqttSubscribeMessage(header, id, new MqttSubscribePayload(List.of()))
                : new MqttUnsubscribeMessage(header, id, new MqttUnsubscribePayload(List.of()));
    }

    @Test
    void MQTT_3_8_3_3_subscribeWithoutATopicFilter_closesTheConnection_noSuback() {
        EmbeddedChannel ch = connected(allowed, "nosub3", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(withoutFilters(MqttMessageType.SUBSCRIBE));
        assertThat(ch.<Object>readOutbound()).as("no SUBACK").isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_5_3_8_3_subscribeWithoutATopicFilter_disconnectProtocolError() {
        EmbeddedChannel ch = connected(allowed, "nosub5", MqttVersion.MQTT_5);
        ch.writeInbound(withoutFilters(MqttMessageType.SUBSCRIBE));
        MqttMessage disconnect = ch.readOutbound();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x82);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_10_3_2_unsubscribeWithoutATopicFilter_closesTheConnection_noUnsuback() {
        EmbeddedChannel ch = connected(allowed, "nounsub3", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(withoutFilters(MqttMessageType.UNSUBSCRIBE));
        assertThat(ch.<Object>readOutbound()).as("no UNSUBACK").isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_5_3_10_3_unsubscribeWithoutATopicFilter_disconnectProtocolError() {
        EmbeddedChannel ch = connected(allowed, "nounsub5", MqttVersion.MQTT_5);
        ch.writeInbound(withoutFilters(MqttMessageType.UNSUBSCRIBE));
        MqttMessage disconnect = ch.readOutbound();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x82);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_moreThan8FiltersPerSubscribe_disconnects() {
        EmbeddedChannel ch = connected(allowed, "nine", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(subscribe(1, "a", "b", "c", "d", "e", "f", "g", "h", "i"));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_moreThan50Subscriptions_refusedPerFilter() {
        EmbeddedChannel ch = connected(allowed, "fifty", MqttVersion.MQTT_5);
        for (int i = 0; i < 50; i++) {
            ch.writeInbound(subscribe(i + 1, "s/" + i));
            MqttSubAckMessage ack = ch.readOutbound();
            assertThat(ack.payload().reasonCodes()).containsExactly(1);
        }
        ch.writeInbound(subscribe(99, "s/50", "s/0"));
        MqttSubAckMessage ack = ch.readOutbound();
        assertThat(ack.payload().reasonCodes()).containsExactly(0x97, 1);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void MQTT_3_8_3_invalidWildcardFilter_mqtt311_failureReturnCode() {
        EmbeddedChannel ch = connected(allowed, "wild", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(subscribe(1, "a/#/b", "ok/+"));
        MqttSubAckMessage ack = ch.readOutbound();
        assertThat(ack.payload().reasonCodes()).containsExactly(0x80, 1);
    }

    @Test
    void aws_qos1InFlightWindowIs100_restQueuedUntilPuback() {
        EmbeddedChannel sub = connected(allowed, "slow", MqttVersion.MQTT_3_1_1);
        sub.writeInbound(subscribe(1, "load"));
        EmbeddedBroker.drain(sub);
        EmbeddedChannel pub = connected(allowed, "fast", MqttVersion.MQTT_3_1_1);
        for (int i = 0; i < 105; i++) {
            pub.writeInbound(publish("load", 1, i + 1));
        }
        EmbeddedBroker.drain(pub);
        // Deliveries are written by a task on the subscriber's own event loop (Connection.send).
        sub.runPendingTasks();
        List<MqttPublishMessage> delivered = new java.util.ArrayList<>();
        Object o;
        while ((o = sub.readOutbound()) != null) {
            delivered.add((MqttPublishMessage) o);
        }
        assertThat(delivered).hasSize(100);
        Session session = broker.services.sessions().find("slow").orElseThrow();
        assertThat(session.queuedCount()).isEqualTo(5);
        int firstId = delivered.get(0).variableHeader().packetId();
        delivered.forEach(ReferenceCountUtil::release);
        sub.writeInbound(MqttMessageBuilders.pubAck().packetId(firstId).build());
        MqttPublishMessage next = sub.readOutbound();
        assertThat(next).isNotNull();
        next.release();
        assertThat(session.queuedCount()).isEqualTo(4);
    }

    @Test
    void MQTT_3_14_4_3_disconnectPacketDiscardsWill() {
        EmbeddedChannel watcher = connected(allowed, "watcher", MqttVersion.MQTT_3_1_1);
        watcher.writeInbound(subscribe(1, "will/topic"));
        EmbeddedBroker.drain(watcher);
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(MqttMessageBuilders.connect()
                .clientId("willing")
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .willFlag(true)
                .willTopic("will/topic")
                .willMessage("bye".getBytes(StandardCharsets.UTF_8))
                .willQoS(MqttQoS.AT_LEAST_ONCE)
                .cleanSession(true)
                .build());
        EmbeddedBroker.drain(ch);
        ch.writeInbound(MqttMessage.DISCONNECT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(watcher.<Object>readOutbound()).isNull();
    }
}
