package io.thingcore.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an MQTT 5 client says in CONNECT it can take, and the broker must respect: Receive Maximum (MQTT 5.0 section
 * 3.1.2.11.3, [MQTT-3.3.4-9]) and Maximum Packet Size (section 3.1.2.11.4, [MQTT-3.1.2-24], [MQTT-3.1.2-25]).
 */
class ClientLimitsTest {
    /**
     * The bytes of an MQTT 5 PUBLISH to {@code limits/t} without properties before its payload (up to 127 bytes
     * remaining): the first byte, the remaining length, the topic with its length (2 + 8), the packet identifier (2, QoS
     * 1 only) and the property length 0.
     */
    private static final int HEAD_BYTES_QOS1 = 15;

    private static final int HEAD_BYTES_QOS0 = 13;

    /** Leaves a property out of {@link #limits}. */
    private static final int ABSENT = -1;

    final EmbeddedBroker broker = new EmbeddedBroker();
    final PeerCertificate allowed = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void MQTT_5_3_1_2_24_aPublishLargerThanTheClientsMaximumPacketSizeIsNeverSent() {
        int limit = HEAD_BYTES_QOS1 + 10;
        EmbeddedChannel sub = connect("small", limits(ABSENT, limit), 0, true);
        subscribe(sub, "limits/t");
        EmbeddedChannel pub = connect("pub", new MqttProperties(), 0, true);

        publish(pub, "limits/t", 1, 1, limit - HEAD_BYTES_QOS1 + 1);
        publish(pub, "limits/t", 1, 2, limit - HEAD_BYTES_QOS1);
        publish(pub, "limits/t", 0, 0, limit - HEAD_BYTES_QOS0 + 1);
        publish(pub, "limits/t", 0, 0, limit - HEAD_BYTES_QOS0);

        List<MqttPublishMessage> got = delivered(sub);
        assertThat(got)
                .as("each exactly at the limit")
                .extracting(p -> p.payload().readableBytes())
                .containsExactly(limit - HEAD_BYTES_QOS1, limit - HEAD_BYTES_QOS0);
        assertThat(got)
                .extracting(p -> p.fixedHeader().qosLevel())
                .containsExactly(MqttQoS.AT_LEAST_ONCE, MqttQoS.AT_MOST_ONCE);
        got.forEach(ReferenceCountUtil::release);
        assertThat(broker.services.counters().drops()).containsEntry(BrokerCounters.Drop.TOO_LARGE_FOR_CLIENT, 2L);
        assertThat(sub.isOpen()).isTrue();
    }

    @Test
    void MQTT_5_3_1_2_25_aDiscardedQos1MessageIsDoneWith_itHoldsNoWindowSlotAndIsNeverSentLater() {
        MqttProperties limits = limits(1, HEAD_BYTES_QOS1 + 10);
        EmbeddedChannel sub = connect("once", limits, 300, true);
        subscribe(sub, "limits/t");
        EmbeddedChannel pub = connect("pub", new MqttProperties(), 0, true);

        publish(pub, "limits/t", 1, 1, 500);
        publish(pub, "limits/t", 1, 2, 3);

        List<MqttPublishMessage> first = delivered(sub);
        assertThat(first)
                .as("with Receive Maximum 1, the small message goes at once: the discarded one holds no slot")
                .extracting(p -> p.payload().readableBytes())
                .containsExactly(3);
        first.forEach(ReferenceCountUtil::release);
        sub.close();

        EmbeddedChannel again = connect("once", new MqttProperties(), 300, false);
        List<MqttPublishMessage> resent = delivered(again);
        assertThat(resent)
                .as("only the unacknowledged small message is resent; the discarded one is gone")
                .extracting(p -> p.payload().readableBytes())
                .containsExactly(3);
        assertThat(resent.get(0).fixedHeader().isDup()).isTrue();
        resent.forEach(ReferenceCountUtil::release);
    }

    @Test
    void MQTT_5_3_3_4_9_noMoreThanReceiveMaximumPublishesAwaitPuback() {
        EmbeddedChannel sub = connect("two", limits(2, ABSENT), 0, true);
        subscribe(sub, "limits/t");
        EmbeddedChannel pub = connect("pub", new MqttProperties(), 0, true);
        for (int i = 1; i <= 5; i++) {
            publish(pub, "limits/t", 1, i, i);
        }

        List<MqttPublishMessage> window = delivered(sub);
        assertThat(window).extracting(p -> p.payload().readableBytes()).containsExactly(1, 2);
        sub.writeInbound(MqttMessageBuilders.pubAck()
                .packetId(window.get(0).variableHeader().packetId())
                .build());
        List<MqttPublishMessage> next = delivered(sub);
        assertThat(next).extracting(p -> p.payload().readableBytes()).containsExactly(3);
        window.forEach(ReferenceCountUtil::release);
        next.forEach(ReferenceCountUtil::release);
    }

    @Test
    void MQTT_5_3_3_4_9_aResumedSessionResendsNoMoreThanTheNewConnectionsReceiveMaximum() {
        EmbeddedChannel sub = connect("resume", limits(5, ABSENT), 300, true);
        subscribe(sub, "limits/t");
        EmbeddedChannel pub = connect("pub", new MqttProperties(), 0, true);
        for (int i = 1; i <= 5; i++) {
            publish(pub, "limits/t", 1, i, i);
        }
        List<MqttPublishMessage> unacknowledged = delivered(sub);
        assertThat(unacknowledged).hasSize(5);
        unacknowledged.forEach(ReferenceCountUtil::release);
        sub.close();

        EmbeddedChannel again = connect("resume", limits(2, ABSENT), 300, false);
        List<MqttPublishMessage> resent = delivered(again);
        assertThat(resent).extracting(p -> p.payload().readableBytes()).containsExactly(1, 2);
        assertThat(resent).allMatch(p -> p.fixedHeader().isDup());
        for (MqttPublishMessage p : resent) {
            again.writeInbound(MqttMessageBuilders.pubAck()
                    .packetId(p.variableHeader().packetId())
                    .build());
            p.release();
        }
        List<MqttPublishMessage> rest = delivered(again);
        assertThat(rest)
                .as("the rest, in order, once the window opens")
                .extracting(p -> p.payload().readableBytes())
                .containsExactly(3, 4);
        rest.forEach(ReferenceCountUtil::release);
    }

    @Test
    void MQTT_5_3_1_2_11_3_receiveMaximumZeroIsAProtocolError() {
        assertRefusedAsProtocolError(limits(0, ABSENT));
    }

    @Test
    void MQTT_5_3_1_2_11_4_maximumPacketSizeZeroIsAProtocolError() {
        assertRefusedAsProtocolError(limits(ABSENT, 0));
    }

    @Test
    void aMaximumPacketSizeAbove2GiBIsReadUnsigned_everythingFits() {
        MqttProperties large = new MqttProperties();
        // 4,294,967,295: Netty's int is -1.
        large.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, -1));
        EmbeddedChannel sub = connect("large", large, 0, true);
        subscribe(sub, "limits/t");
        EmbeddedChannel pub = connect("pub", new MqttProperties(), 0, true);

        publish(pub, "limits/t", 1, 1, 1000);

        List<MqttPublishMessage> got = delivered(sub);
        assertThat(got).hasSize(1);
        got.forEach(ReferenceCountUtil::release);
    }

    private void assertRefusedAsProtocolError(MqttProperties properties) {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(connectMessage("bad", properties, 0, true));
        MqttConnAckMessage connAck = ch.readOutbound();
        assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x82);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(broker.services.sessions().find("bad")).isEmpty();
    }

    /** CONNECT properties with Receive Maximum and Maximum Packet Size, each left out when {@link #ABSENT}. */
    private static MqttProperties limits(int receiveMaximum, int maximumPacketSize) {
        MqttProperties p = new MqttProperties();
        if (receiveMaximum != ABSENT) {
            p.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, receiveMaximum));
        }
        if (maximumPacketSize != ABSENT) {
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, maximumPacketSize));
        }
        return p;
    }

    private EmbeddedChannel connect(String clientId, MqttProperties properties, int expirySeconds, boolean cleanStart) {
        EmbeddedChannel ch = broker.channel(allowed);
        ch.writeInbound(connectMessage(clientId, properties, expirySeconds, cleanStart));
        MqttConnAckMessage connAck = ch.readOutbound();
        assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isZero();
        return ch;
    }

    private static MqttMessage connectMessage(
            String clientId, MqttProperties properties, int expirySeconds, boolean cleanStart) {
        if (expirySeconds > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, expirySeconds));
        }
        return MqttMessageBuilders.connect()
                .clientId(clientId)
                .protocolVersion(MqttVersion.MQTT_5)
                .cleanSession(cleanStart)
                .keepAlive(60)
                .properties(properties)
                .build();
    }

    private static void subscribe(EmbeddedChannel ch, String filter) {
        ch.writeInbound(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, filter)
                .build());
        EmbeddedBroker.drain(ch);
    }

    private static void publish(EmbeddedChannel pub, String topic, int qos, int packetId, int payloadBytes) {
        pub.writeInbound(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer("x".repeat(payloadBytes).getBytes(StandardCharsets.US_ASCII)))
                .build());
        EmbeddedBroker.drain(pub);
    }

    /** The PUBLISH packets written to {@code ch} so far (deliveries are written by a task on its event loop). */
    private static List<MqttPublishMessage> delivered(EmbeddedChannel ch) {
        ch.runPendingTasks();
        List<MqttPublishMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof MqttPublishMessage p) {
                out.add(p);
            } else {
                ReferenceCountUtil.release(o);
            }
        }
        return out;
    }
}
