package io.thingcore.bench.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.bench.fixture.BenchCa;
import io.thingcore.bench.fixture.OneDeviceDirectory;
import io.thingcore.bench.policy.PolicyEvaluationBenchmark;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.pipeline.BrokerInitializer;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateRegistrar;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.tls.PeerAuthenticated;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's own work for one fan-in message (issue 14), between the TLS layer and the socket, as the
 * {@code fanin_qos1} scenario of {@code bench compare} drives it: a publisher's PUBLISH at QoS 1 arrives as bytes on
 * its connection's pipeline (packet read bound, MQTT decoder, session stage: authorization, routing), the broker
 * encodes the publisher's PUBACK and the delivery to the one subscriber of {@code bench/+/fanin}, and the subscriber's
 * PUBACK comes back as bytes and frees its in-flight window. Each call is the next of {@code publishers} connections
 * in turn, as a thousand publishers with one message on its way each take turns on one event loop, so a
 * connection's state has left the caches by its next message. In-memory channels ({@code EmbeddedChannel}) with the
 * pipeline of {@code BrokerInitializer.addMqttHandlers}: no TLS, no system calls, which {@code HandshakeBenchmark},
 * {@code FirstRecordBenchmark} and the scenario itself cover.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
// Netty's leak detection off, as the gateway runs it (Gateway.start): at its default it records a stack trace for
// one buffer in 128.
@Fork(value = 2, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class FanInPipelineBenchmark {
    private static final String ACCOUNT = "123456789012";
    private static final int PUBLISH_PACKET_ID = 1;

    /** Connections that publish in turn: one, or the scenario's thousand. */
    @Param({"1", "1000"})
    public int publishers = 1;

    private BrokerServices services;
    private EmbeddedChannel[] publisherChannels = new EmbeddedChannel[0];
    private ByteBuf[] publishes = new ByteBuf[0];
    private EmbeddedChannel subscriber;
    private int turn;

    @Setup(Level.Trial)
    public void connect() throws Exception {
        BenchCa ca = BenchCa.create();
        String certificateId = "d".repeat(64);
        // The DIC guide's policy (Allow * on *): the bench's own policy is narrower, but every PUBLISH is checked
        // against whichever is attached; PublishAuthorizationBenchmark compares the two.
        PolicyRef policy = new PolicyRef(
                "dic",
                "arn:aws:iot:us-east-1:" + ACCOUNT + ":policy/dic",
                PolicyDocument.parse(PolicyEvaluationBenchmark.SEED_POLICY));
        DeviceRecord device = new DeviceRecord(
                certificateId,
                CertificateStatus.ACTIVE,
                "ca",
                CertificateMode.SNI_ONLY,
                Instant.EPOCH,
                Instant.MAX,
                List.of(policy),
                List.of());
        DeviceDirectory directory = new OneDeviceDirectory(device, null, null);
        CertificateRegistrar noRegistration = (certificate, caCertificateId) ->
                CompletableFuture.failedFuture(new UnsupportedOperationException("no JITR in this benchmark"));
        services = BrokerServices.create(
                BrokerConfig.builder(ca.serverKey(), ca.serverChain())
                        .port(0)
                        .accountId(ACCOUNT)
                        .build(),
                directory,
                noRegistration,
                Clock.systemUTC());

        subscriber = connected(certificateId, "fanin-subscriber");
        subscriber.writeInbound(encoded(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "bench/+/fanin")
                .build()));
        drain(subscriber);
        publisherChannels = new EmbeddedChannel[publishers];
        publishes = new ByteBuf[publishers];
        for (int i = 0; i < publishers; i++) {
            String clientId = String.format(Locale.ROOT, "dev-%05d", i);
            publisherChannels[i] = connected(certificateId, clientId);
            byte[] payload = new byte[128];
            publishes[i] = encoded(MqttMessageBuilders.publish()
                    .topicName("bench/" + clientId + "/fanin")
                    .qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(PUBLISH_PACKET_ID)
                    .payload(Unpooled.wrappedBuffer(payload))
                    .build());
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        for (EmbeddedChannel channel : publisherChannels) {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf publish : publishes) {
            publish.release();
        }
        subscriber.finishAndReleaseAll();
    }

    /**
     * One message end to end: the PUBLISH in, the publisher's PUBACK and the delivery out, the subscriber's PUBACK
     * in. Returns the delivery's size, so that it is checked and not optimised away.
     */
    @Benchmark
    public int deliverOne() {
        int next = turn;
        turn = next + 1 == publisherChannels.length ? 0 : next + 1;
        EmbeddedChannel publisher = publisherChannels[next];
        publisher.writeInbound(publishes[next].retainedDuplicate());
        publisher.runPendingTasks();
        ByteBuf pubAck = publisher.readOutbound();
        subscriber.runPendingTasks();
        ByteBuf delivery = subscriber.readOutbound();
        if (pubAck == null || delivery == null) {
            throw new IllegalStateException("the message was not acknowledged or not delivered");
        }
        pubAck.release();
        int size = delivery.readableBytes();
        int packetId = packetIdOf(delivery);
        delivery.release();
        subscriber.writeInbound(pubAck(packetId));
        return size;
    }

    /** The packet identifier of a QoS 1 PUBLISH as written (MQTT 3.1.1 section 3.3.2): after the topic. */
    static int packetIdOf(ByteBuf publish) {
        int at = publish.readerIndex() + 1;
        while ((publish.getByte(at++) & 0x80) != 0) {
            // the Remaining Length's continuation bytes (section 2.2.3)
        }
        int topicLength = publish.getUnsignedShort(at);
        return publish.getUnsignedShort(at + 2 + topicLength);
    }

    /** A PUBACK as a client writes it (MQTT 3.1.1 section 3.4): type 4, remaining length 2, the packet identifier. */
    private static ByteBuf pubAck(int packetId) {
        return Unpooled.wrappedBuffer(new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId});
    }

    /** A connection past the TLS stage, connected with MQTT 3.1.1 (its CONNACK drained). */
    private EmbeddedChannel connected(String certificateId, String clientId) {
        EmbeddedChannel channel = new EmbeddedChannel();
        BrokerInitializer.addMqttHandlers(channel.pipeline(), services);
        PeerCertificate peer = new PeerCertificate(
                certificateId,
                Map.of("CommonName", List.of(clientId)),
                Map.of("CommonName", List.of("Bench CA")),
                Map.of(),
                "1",
                "localhost",
                "127.0.0.1");
        channel.attr(PeerCertificate.KEY).set(peer);
        channel.pipeline().fireUserEventTriggered(new PeerAuthenticated(peer));
        channel.writeInbound(encoded(MqttMessageBuilders.connect()
                .clientId(clientId)
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true)
                .keepAlive(600)
                .build()));
        Object written = channel.readOutbound();
        if (!(written instanceof ByteBuf bytes) || bytes.readableBytes() != 4 || bytes.getByte(3) != 0) {
            ReferenceCountUtil.release(written);
            throw new IllegalStateException(clientId + " was not accepted: " + written);
        }
        bytes.release();
        return channel;
    }

    private static ByteBuf encoded(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf bytes = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return bytes;
    }

    private static void drain(EmbeddedChannel channel) {
        for (Object written; (written = channel.readOutbound()) != null; ) {
            ReferenceCountUtil.release(written);
        }
    }
}
