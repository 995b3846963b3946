package io.thingcore.broker.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.testkit.mqtt.RawMqttClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Issue 13: the broker's pipeline after TLS (decode guard, CONNECT fields check, Netty's MQTT decoder, the CONNECT
 * stage and the session stage) under a coverage-guided fuzzer, fed bytes as they arrive inside TLS from a device
 * that passed authentication. The first input byte chooses whether the bytes follow nothing, a valid MQTT 3.1.1
 * CONNECT or a valid MQTT 5 CONNECT (so the fuzzer reaches the session's packet handlers); the rest arrive in up to
 * four reads. Whatever arrives: no exception escapes the pipeline, no buffer leaks (Netty's leak detector is
 * PARANOID in the build's tests and checked after the run), the connection is closed once every timeout has passed
 * in silence, and a bystander connection on the same broker still answers a PINGREQ. In a
 * normal build the seeds under {@code src/test/resources/io/thingcore/broker/pipeline/MqttPipelineFuzzTestInputs/}
 * run as regression tests; {@code JAZZER_FUZZ=1} fuzzes (docs/security.md, "Proving suite").
 */
class MqttPipelineFuzzTest {
    private static final EmbeddedBroker BROKER = new EmbeddedBroker();
    private static final PeerCertificate DEVICE =
            BROKER.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
    private static final String BYSTANDER = "bystander-7c1f0e2a9b";
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};
    private static final byte[] PINGRESP = {(byte) 0xD0, 0};

    @FuzzTest(maxDuration = "30s")
    void anyBytesAfterTls_neitherThrowNorLeakNorDisturbOthers(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] prefix = switch (input[0] & 0x03) {
            case 1 -> RawMqttClient.connectPacket("fuzzed", 4);
            case 2 -> RawMqttClient.connectPacket("fuzzed", 5);
            default -> new byte[0];
        };
        EmbeddedChannel bystander = BROKER.byteChannel(DEVICE);
        EmbeddedChannel fuzzed = BROKER.byteChannel(DEVICE);
        try {
            bystander.writeInbound(Unpooled.wrappedBuffer(RawMqttClient.connectPacket(BYSTANDER, 4)));
            bystander.runPendingTasks();
            drain(bystander);

            byte[] rest = Arrays.copyOfRange(input, 1, input.length);
            fuzzed.writeInbound(Unpooled.wrappedBuffer(prefix));
            int chunks = 1 + (input[0] >>> 2 & 0x03);
            int size = Math.max(1, (rest.length + chunks - 1) / chunks);
            for (int from = 0; from < rest.length && fuzzed.isOpen(); from += size) {
                fuzzed.writeInbound(Unpooled.wrappedBuffer(rest, from, Math.min(size, rest.length - from)));
                drain(fuzzed);
            }
            fuzzed.runPendingTasks();
            drain(fuzzed);

            if (!new String(input, StandardCharsets.ISO_8859_1).contains(BYSTANDER)) {
                bystander.writeInbound(Unpooled.wrappedBuffer(PINGREQ));
                bystander.runPendingTasks();
                ByteBuf answer = bystander.readOutbound();
                try {
                    if (answer == null || !Arrays.equals(ByteBufUtil.getBytes(answer), PINGRESP)) {
                        throw new AssertionError("the bystander connection no longer answers a PINGREQ");
                    }
                } finally {
                    ReferenceCountUtil.release(answer);
                }
            }

            // Every timeout (connect, keep-alive up to AWS's 1,200 s and 1.5 times that) has passed after 2 hours.
            for (int i = 0; i < 12 && fuzzed.isOpen(); i++) {
                fuzzed.advanceTimeBy(10, TimeUnit.MINUTES);
                fuzzed.runScheduledPendingTasks();
                drain(fuzzed);
            }
            if (fuzzed.isOpen()) {
                throw new AssertionError("a connection that went silent is still open after every timeout");
            }
        } finally {
            fuzzed.finishAndReleaseAll();
            bystander.finishAndReleaseAll();
        }
    }

    @AfterAll
    static void noBufferLeaked() throws InterruptedException {
        BROKER.close();
        LeakWatcher.assertNoLeaks();
    }

    private static void drain(EmbeddedChannel channel) {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }
}
