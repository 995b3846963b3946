package io.thingcore.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.testkit.mqtt.RawMqttClient;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONNECT packets whose flags and fields disagree, as bytes through the codec over an EmbeddedChannel whose clock is
 * frozen: each closes while the packet is read, never after the connect timeout. Named after the normative statements.
 */
class ConnectFieldsCheckTest {
    static final int MQTT_3_1_1 = 4;
    static final int MQTT_5 = 5;
    static final int CLEAN = 0x02;
    static final int WILL = 0x04;
    static final int PASSWORD = 0x40;
    static final int USER_NAME = 0x80;
    static final byte[] PING = {(byte) 0xC0, 0};

    final EmbeddedBroker broker = new EmbeddedBroker();
    final PeerCertificate allowed = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));

    @AfterEach
    void close() {
        broker.close();
    }

    /** A CONNECT with client ID "id", these flags, and then exactly {@code fields}. */
    static byte[] connect(int level, int flags, byte[]... fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', (byte) level, (byte) flags, 0, 60});
        if (level == MQTT_5) {
            body.write(0);
        }
        body.writeBytes(field("id"));
        for (byte[] f : fields) {
            body.writeBytes(f);
        }
        return RawMqttClient.packet(0x10, body.toByteArray());
    }

    static byte[] field(String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** Writes the packets as bytes; returns what the broker wrote back, as hex. */
    String exchange(EmbeddedChannel ch, byte[]... packets) {
        for (byte[] p : packets) {
            ch.writeInbound(Unpooled.wrappedBuffer(p));
        }
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            out.append(ByteBufUtil.hexDump(b));
            b.release();
        }
        return out.toString();
    }

    @Test
    void MQTT_3_1_2_22_passwordFlagWithoutUserNameFlag_withPassword_closesWithoutConnack() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_3_1_1, CLEAN | PASSWORD, field("secret"))))
                .isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_2_22_passwordFlagWithoutUserNameFlag_withoutPassword_closesWithoutConnack() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_3_1_1, CLEAN | PASSWORD))).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_5_3_1_2_9_passwordWithoutUserName_isAllowed() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        String out = exchange(ch, connect(MQTT_5, CLEAN | PASSWORD, field("secret")));
        assertThat(out).as("CONNACK").startsWith("20");
        assertThat(out.substring(4, 8)).as("no session, Success").isEqualTo("0000");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void MQTT_3_1_3_willFlagWithoutWillTopicAndMessage_closesAtOnce() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_3_1_1, CLEAN | WILL))).isEmpty();
        assertThat(ch.isOpen())
                .as("closed while reading the packet, not after the connect timeout")
                .isFalse();
    }

    @Test
    void MQTT_3_1_3_willFlagWithoutWillMessage_aLaterPacketIsNeverReadAsTheMessage() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        byte[] connect = connect(MQTT_3_1_1, CLEAN | WILL, field("will/topic"));
        byte[] together = java.util.Arrays.copyOf(connect, connect.length + PING.length);
        System.arraycopy(PING, 0, together, connect.length, PING.length);
        assertThat(exchange(ch, together)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_3_userNameFlagWithoutUserName_closesAtOnce() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_3_1_1, CLEAN | USER_NAME))).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_3_passwordFlagWithoutPassword_closesAtOnce() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_3_1_1, CLEAN | USER_NAME | PASSWORD, field("user"))))
                .isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_3_bytesAfterTheLastAnnouncedField_closeAtOnce() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_3_1_1, CLEAN, field("unannounced"))))
                .isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_5_4_13_willFlagWithoutWillFields_connackMalformedPacketThenClose() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_5, CLEAN | WILL))).isEqualTo("2003008100");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void MQTT_5_4_13_userNameFlagWithoutUserName_connackMalformedPacketThenClose() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        assertThat(exchange(ch, connect(MQTT_5, CLEAN | USER_NAME))).isEqualTo("2003008100");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aCompleteConnect_passesAndTheCheckLeavesThePipeline() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        String out =
                exchange(ch, connect(MQTT_3_1_1, CLEAN | USER_NAME | PASSWORD, field("user"), field("secret")), PING);
        assertThat(out).isEqualTo("20020000" + "d000");
        assertThat(ch.pipeline().get(HandlerNames.CONNECT_FIELDS)).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aConnectInPieces_waitsForTheWholePacket() {
        EmbeddedChannel ch = broker.byteChannel(allowed);
        byte[] packet = connect(MQTT_3_1_1, CLEAN | WILL, field("w"), field("m"));
        for (int i = 0; i < packet.length - 1; i++) {
            assertThat(exchange(ch, new byte[] {packet[i]})).isEmpty();
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(exchange(ch, new byte[] {packet[packet.length - 1]})).isEqualTo("20020000");
    }
}
