package io.thingcore.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.LogCapture;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A packet that has begun and not ended (its fixed header announces more bytes than arrive) is no Control Packet:
 * it does not keep the connection alive, and it is given a bound of its own. As bytes through the codec over an
 * EmbeddedChannel whose clock the test moves; named after the normative statements.
 */
class PacketReadBoundTest {
    /** SUBSCRIBE, packet ID 1, filter "a/b" at QoS 1: 8 bytes after the fixed header. */
    static final byte[] SUBSCRIBE = {(byte) 0x82, 8, 0, 1, 0, 3, 'a', '/', 'b', 1};

    static final byte[] PINGREQ = {(byte) 0xC0, 0};

    /** MQTT 3.1.1 CONNECT, clean session, client ID "id", this keep-alive. */
    static byte[] connect(int keepAlive) {
        return new byte[] {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, (byte) keepAlive, 0, 2, 'i', 'd'};
    }

    static EmbeddedChannel connected(EmbeddedBroker broker, int keepAlive) {
        PeerCertificate peer = broker.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
        EmbeddedChannel ch = broker.byteChannel(peer);
        ch.writeInbound(Unpooled.wrappedBuffer(connect(keepAlive)));
        EmbeddedBroker.drain(ch);
        return ch;
    }

    static void send(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        EmbeddedBroker.drain(ch);
    }

    static void wait(EmbeddedChannel ch, int seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void MQTT_3_1_2_24_aPartialSubscribeIsNoControlPacket_closedAfterOneAndAHalfTimesTheKeepAlive() {
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            EmbeddedChannel ch = connected(broker, 30);
            send(ch, Arrays.copyOf(SUBSCRIBE, 4)); // "8 bytes follow", then 2 of them
            wait(ch, 44);
            assertThat(ch.isOpen()).isTrue();
            wait(ch, 2);
            assertThat(ch.isOpen()).isFalse();
            assertThat(Disconnector.reasonOf(ch)).isEqualTo(DisconnectReason.MQTT_KEEP_ALIVE_TIMEOUT);
        }
    }

    @Test
    void aPartialSubscribe_withKeepAliveOff_isClosedAtThePacketReadBound() {
        try (EmbeddedBroker broker = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(BrokerConfig.KEEP_ALIVE_OFF));
                LogCapture log = LogCapture.of(Disconnector.class)) {
            EmbeddedChannel ch = connected(broker, 0);
            send(ch, Arrays.copyOf(SUBSCRIBE, 4));
            wait(ch, 59);
            assertThat(ch.isOpen()).isTrue();
            wait(ch, 2);
            assertThat(ch.isOpen()).isFalse();
            assertThat(Disconnector.reasonOf(ch)).isEqualTo(DisconnectReason.CLIENT_ERROR);
            assertThat(log.at(Level.INFO))
                    .singleElement()
                    .asString()
                    .contains("client 'id'")
                    .contains("packet not complete 60 s after its first byte (2 of its 8 bytes after the fixed"
                            + " header)");
        }
    }

    @Test
    void aFixedHeaderCutInsideItsRemainingLength_isClosedAtTheBound() {
        try (EmbeddedBroker broker = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(BrokerConfig.KEEP_ALIVE_OFF))) {
            EmbeddedChannel ch = connected(broker, 0);
            send(ch, new byte[] {0x30, (byte) 0x80}); // PUBLISH, Remaining Length continues in a byte never sent
            wait(ch, 61);
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void packetsThatEndWithinTheBound_neverClose_howeverLongTheConnectionLives() {
        try (EmbeddedBroker broker = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(BrokerConfig.KEEP_ALIVE_OFF))) {
            EmbeddedChannel ch = connected(broker, 0);
            for (int i = 0; i < 10; i++) {
                send(ch, PINGREQ);
                wait(ch, 50);
            }
            // a packet sent slowly, in two parts 50 s apart, is whole within the bound
            send(ch, Arrays.copyOf(SUBSCRIBE, 5));
            wait(ch, 50);
            send(ch, Arrays.copyOfRange(SUBSCRIBE, 5, SUBSCRIBE.length));
            wait(ch, 50);
            // the timer armed for that packet finds the connection between packets
            assertThat(ch.isOpen()).isTrue();
            // two packets in one read, the second cut: its own bound applies, counted from its first byte
            byte[] wholeThenPart = new byte[PINGREQ.length + 3];
            System.arraycopy(PINGREQ, 0, wholeThenPart, 0, PINGREQ.length);
            System.arraycopy(SUBSCRIBE, 0, wholeThenPart, PINGREQ.length, 3);
            send(ch, wholeThenPart);
            wait(ch, 59);
            assertThat(ch.isOpen()).isTrue();
            wait(ch, 2);
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void aPacketStillUnfinishedAfterSeveralReads_isBoundFromItsFirstByte() {
        try (EmbeddedBroker broker = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(BrokerConfig.KEEP_ALIVE_OFF))) {
            EmbeddedChannel ch = connected(broker, 0);
            send(ch, Arrays.copyOf(SUBSCRIBE, 3));
            wait(ch, 30);
            send(ch, Arrays.copyOfRange(SUBSCRIBE, 3, 6)); // more of it, still not the whole packet
            wait(ch, 29);
            assertThat(ch.isOpen()).isTrue();
            wait(ch, 2); // 61 s after its first byte, 31 s after the last
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void aPacketBegunInTheReadThatEndsAnother_isBoundFromThatRead_notFromTheFirstPacketsStart() {
        try (EmbeddedBroker broker = new EmbeddedBroker(b -> b.keepAliveZeroSeconds(BrokerConfig.KEEP_ALIVE_OFF))) {
            EmbeddedChannel ch = connected(broker, 0);
            send(ch, Arrays.copyOf(SUBSCRIBE, 5)); // the first SUBSCRIBE begins; its timer is armed
            wait(ch, 30);
            byte[] restThenPart = new byte[SUBSCRIBE.length - 5 + 3];
            System.arraycopy(SUBSCRIBE, 5, restThenPart, 0, SUBSCRIBE.length - 5);
            System.arraycopy(SUBSCRIBE, 0, restThenPart, SUBSCRIBE.length - 5, 3);
            send(ch, restThenPart); // it ends, and a second begins in the same read
            wait(ch, 59); // the first packet's timer fired 30 s ago and found the second one 30 s old
            assertThat(ch.isOpen()).isTrue();
            wait(ch, 2);
            assertThat(ch.isOpen()).isFalse();
        }
    }
}
