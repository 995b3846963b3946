package io.thingcore.broker.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.thingcore.broker.pipeline.BrokerInitializer;
import io.thingcore.broker.pipeline.HandlerNames;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared-head PUBLISH encoding against Netty's {@code MqttEncoder} as the reference: the same bytes for every
 * protocol level, QoS, flag and remaining-length size (MQTT 3.1.1 section 3.3, MQTT 5.0 section 3.3).
 */
class PublishEncoderTest {
    /** The attribute Netty's codec keeps the protocol level in (its decoder sets it from the CONNECT). */
    private static final AttributeKey<MqttVersion> NETTY_MQTT_VERSION =
            AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    /**
     * Remaining lengths at each edge of the variable byte integer (1 to 4 bytes: up to 127, 16,383, 2,097,151; MQTT
     * 5.0 section 1.5.5); each delivery's payload is sized to hit one exactly, and one more has no payload.
     */
    private static final int[] REMAINING_LENGTHS = {127, 128, 16_383, 16_384, 2_097_151, 2_097_152};

    private static final List<String> TOPICS = List.of(
            "a", "dt/bench-0001/fanin", "$aws/things/dic-1/shadow/update/accepted", "sensors/température/日本/🙂");

    static Stream<Arguments> deliveries() {
        List<Arguments> all = new ArrayList<>();
        for (MqttVersion version : List.of(MqttVersion.MQTT_3_1_1, MqttVersion.MQTT_5)) {
            for (String topic : TOPICS) {
                for (int qos = 0; qos <= 1; qos++) {
                    int variableHeader = 2
                            + topic.getBytes(StandardCharsets.UTF_8).length
                            + (qos == 1 ? 2 : 0)
                            + (version == MqttVersion.MQTT_5 ? 1 : 0);
                    List<Integer> payloads = new ArrayList<>(List.of(0));
                    for (int remaining : REMAINING_LENGTHS) {
                        payloads.add(remaining - variableHeader);
                    }
                    for (int payload : payloads) {
                        for (int flags = 0; flags < 4; flags++) {
                            // DUP only at QoS 1: MQTT-3.3.1-2.
                            boolean dup = (flags & 1) != 0 && qos == 1;
                            all.add(Arguments.of(version, topic, payload, qos, dup, (flags & 2) != 0));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes qos {3} dup {4} retain {5}")
    @MethodSource("deliveries")
    void writesWhatNettysEncoderWrites(
            MqttVersion version, String topic, int payloadBytes, int qos, boolean dup, boolean retain) {
        Message message = new Message(topic, payload(payloadBytes), qos, retain, null, "publisher");

        byte[] ours = encode(version, outbound(message, version, qos, dup, retain, 0xBEEF));
        byte[] netty = encode(version, plain(message, qos, dup, retain, 0xBEEF, MqttProperties.NO_PROPERTIES));

        assertThat(ours).isEqualTo(netty);
        assertThat(message.publishHeads().packetBytes(version == MqttVersion.MQTT_5, qos))
                .as("the packet size a client's Maximum Packet Size is compared with")
                .isEqualTo(netty.length);
        assertThat(message.publishHeads().head(version == MqttVersion.MQTT_5, qos))
                .as("the head is made once and kept")
                .isNotNull()
                .isSameAs(message.publishHeads().head(version == MqttVersion.MQTT_5, qos));
    }

    @Test
    void everyDeliveryOfAMessageSharesOneHeadAndCarriesItsOwnPacketIdentifier() {
        Message message = new Message("fleet/cmd", payload(40), 1, false, null, "publisher");

        byte[] first = encode(MqttVersion.MQTT_3_1_1, outbound(message, MqttVersion.MQTT_3_1_1, 1, false, false, 1));
        byte[] second =
                encode(MqttVersion.MQTT_3_1_1, outbound(message, MqttVersion.MQTT_3_1_1, 1, false, false, 65_535));

        // 0x32: PUBLISH at QoS 1; 53 = 2 + 9 (topic) + 2 (packet identifier) + 40; the identifier follows the topic.
        assertThat(Arrays.copyOfRange(first, 0, 2)).containsExactly(0x32, 53);
        assertThat(Arrays.copyOfRange(first, 13, 15)).containsExactly(0x00, 0x01);
        assertThat(Arrays.copyOfRange(second, 13, 15)).containsExactly(0xFF, 0xFF);
        assertThat(Arrays.copyOfRange(second, 15, second.length)).isEqualTo(message.payload());
    }

    @Test
    void mqtt5DeliveriesWithPropertiesToForwardAreLeftToNettysEncoder() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
        properties.add(new MqttProperties.UserProperty("origin", "sensor-7"));
        Message message = new Message("fleet/telemetry", payload(64), 1, false, properties, "publisher");

        assertThat(message.publishHeads().head(true, 1)).isNull();
        assertThat(message.publishHeads().head(false, 1))
                .as("MQTT 3.1.1 carries no properties")
                .isNotNull();
        byte[] ours = encode(MqttVersion.MQTT_5, outbound(message, MqttVersion.MQTT_5, 1, false, false, 7));
        byte[] netty = encode(MqttVersion.MQTT_5, plain(message, 1, false, false, 7, properties));
        assertThat(ours).isEqualTo(netty);
        String written = new String(ours, StandardCharsets.ISO_8859_1);
        assertThat(written).contains("application/json").contains("sensor-7");
    }

    static Stream<Arguments> forwardedProperties() {
        List<Arguments> all = new ArrayList<>();
        List<String> kinds = List.of(
                "payload format", "expiry", "content type", "response topic", "correlation data", "user properties");
        // Correlation data of 0, 200 and 17,000 bytes puts the property length at 1, 2 and 3 bytes.
        for (int correlation : new int[] {0, 200, 17_000}) {
            for (int mask = 1; mask < 1 << kinds.size(); mask++) {
                MqttProperties p = new MqttProperties();
                if ((mask & 1) != 0) {
                    p.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1));
                }
                if ((mask & 2) != 0) {
                    // Above 2^31 - 1: a Four Byte Integer is unsigned, Netty's int negative.
                    p.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, -2));
                }
                if ((mask & 4) != 0) {
                    p.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json; é"));
                }
                if ((mask & 8) != 0) {
                    p.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, "replies/日本"));
                }
                if ((mask & 16) != 0) {
                    p.add(new MqttProperties.BinaryProperty(
                            MqttProperties.CORRELATION_DATA, new byte[correlation == 0 ? 16 : correlation]));
                }
                if ((mask & 32) != 0) {
                    p.add(new MqttProperties.UserProperty("origin", "sensor-7"));
                    p.add(new MqttProperties.UserProperty("zone", "🙂"));
                    p.add(new MqttProperties.UserProperty("", ""));
                }
                for (int qos = 0; qos <= 1; qos++) {
                    all.add(Arguments.of(mask, correlation, qos, p));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "properties {0}, correlation {1} bytes, qos {2}")
    @MethodSource("forwardedProperties")
    void countsTheSizeOfAPublishWithPropertiesAsNettysEncoderWritesIt(
            int kinds, int correlationBytes, int qos, MqttProperties properties) {
        Message message = new Message("fleet/telemetry", payload(100), qos, false, properties, "publisher");

        byte[] netty = encode(MqttVersion.MQTT_5, plain(message, qos, false, false, 7, properties));
        byte[] mqtt311 = encode(MqttVersion.MQTT_3_1_1, plain(message, qos, false, false, 7, properties));

        assertThat(message.publishHeads().packetBytes(true, qos)).isEqualTo(netty.length);
        assertThat(message.publishHeads().packetBytes(false, qos))
                .as("MQTT 3.1.1 carries no properties")
                .isEqualTo(mqtt311.length);
    }

    @Test
    void aTopicWithAWildcardIsLeftToNettysEncoderWhichRefusesIt() {
        Message message = new Message("fleet/+/cmd", payload(4), 1, false, null, "publisher");

        assertThat(message.publishHeads().head(false, 1)).isNull();
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE, PublishEncoder.INSTANCE);
        channel.attr(NETTY_MQTT_VERSION).set(MqttVersion.MQTT_3_1_1);
        assertThatThrownBy(() -> channel.writeOutbound(outbound(message, MqttVersion.MQTT_3_1_1, 1, false, false, 9)))
                .hasMessageContaining("invalid topicName");
        assertThat(channel.<Object>readOutbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void releasesTheDeliveryAndLeavesThePayloadOfTheMessageIntact() {
        Message message = new Message("a/b", payload(10), 1, false, null, "publisher");
        OutboundPublish delivery = outbound(message, MqttVersion.MQTT_3_1_1, 1, false, false, 3);

        encode(MqttVersion.MQTT_3_1_1, delivery);

        assertThat(delivery.refCnt()).isZero();
        assertThat(message.payload()).isEqualTo(payload(10));
    }

    @Test
    void sitsBeforeNettysEncoderOnTheWayOut() {
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            EmbeddedChannel channel = new EmbeddedChannel();
            BrokerInitializer.addMqttHandlers(channel.pipeline(), broker.services);
            List<String> names = channel.pipeline().names();
            // Writes travel from the tail towards the head: the later entry sees them first.
            assertThat(names.indexOf(HandlerNames.PUBLISH_ENCODER))
                    .isEqualTo(names.indexOf(HandlerNames.MQTT_ENCODER) + 1);
            channel.finishAndReleaseAll();
        }
    }

    private static byte[] encode(MqttVersion version, MqttPublishMessage publish) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE, PublishEncoder.INSTANCE);
        channel.attr(NETTY_MQTT_VERSION).set(version);
        channel.writeOutbound(publish);
        ByteBuf out = channel.readOutbound();
        assertThat(channel.<Object>readOutbound()).as("one buffer per packet").isNull();
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        channel.finishAndReleaseAll();
        return bytes;
    }

    private static OutboundPublish outbound(
            Message m, MqttVersion version, int qos, boolean dup, boolean retain, int packetId) {
        return new OutboundPublish(
                header(qos, dup, retain),
                new MqttPublishVariableHeader(
                        m.topic(),
                        qos == 0 ? -1 : packetId,
                        m.properties() == null ? MqttProperties.NO_PROPERTIES : m.properties()),
                Unpooled.wrappedBuffer(m.payload()),
                m.publishHeads(),
                version);
    }

    private static MqttPublishMessage plain(
            Message m, int qos, boolean dup, boolean retain, int packetId, MqttProperties properties) {
        return new MqttPublishMessage(
                header(qos, dup, retain),
                new MqttPublishVariableHeader(m.topic(), qos == 0 ? -1 : packetId, properties),
                Unpooled.wrappedBuffer(m.payload()));
    }

    private static MqttFixedHeader header(int qos, boolean dup, boolean retain) {
        return new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain, 0);
    }

    private static byte[] payload(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
