package io.thingcore.bench.wire;

import io.netty.buffer.ByteBuf;
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
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.wire.OutboundPublish;
import io.thingcore.broker.wire.PublishEncoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One message's deliveries encoded for the socket, as the broker's pipeline does for each subscriber: {@code deliveries}
 * PUBLISH packets at QoS 1 (each its own packet identifier) of a new message per call, with a 128-byte payload and
 * the topic of the bench's fan-out scenario, over MQTT 3.1.1. {@code nettyEncoder} is the path before issue 14's
 * change (Netty's {@code MqttEncoder} validates and encodes the topic per delivery); {@code sharedHead} the broker's
 * ({@code PublishEncoder}: the head made once per message, then one copy of it and of the payload per delivery). The
 * figure is per delivery; the message and its head are made inside the measured call, so one delivery per message
 * pays the whole cost of making the head.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PublishEncodingBenchmark {
    private static final AttributeKey<MqttVersion> NETTY_MQTT_VERSION =
            AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    @Param({"nettyEncoder", "sharedHead"})
    public String path = "sharedHead";

    /** Subscribers the message reaches: 1 (point to point, fan-in) or 1,000 (the bench's fan-out). */
    @Param({"1", "1000"})
    public int deliveries = 1000;

    private final byte[] payload = new byte[128];
    private EmbeddedChannel channel;
    private int packetId;

    @Setup
    public void channel() {
        channel = path.equals("sharedHead")
                ? new EmbeddedChannel(MqttEncoder.INSTANCE, PublishEncoder.INSTANCE)
                : new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.attr(NETTY_MQTT_VERSION).set(MqttVersion.MQTT_3_1_1);
    }

    @TearDown
    public void close() {
        channel.finishAndReleaseAll();
    }

    /** Encodes every delivery of a new message; returns the bytes written, so that none is optimised away. */
    @Benchmark
    public long deliver() {
        Message message = new Message("bench/bench-0000/fanout", payload, 1, false, null, "bench-0000");
        boolean shared = path.equals("sharedHead");
        long bytes = 0;
        for (int i = 0; i < deliveries; i++) {
            packetId = packetId == 65_535 ? 1 : packetId + 1;
            MqttFixedHeader header =
                    new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0);
            MqttPublishVariableHeader variable =
                    new MqttPublishVariableHeader(message.topic(), packetId, MqttProperties.NO_PROPERTIES);
            ByteBuf content = Unpooled.wrappedBuffer(message.payload());
            MqttPublishMessage publish = shared
                    ? new OutboundPublish(header, variable, content, message.publishHeads(), MqttVersion.MQTT_3_1_1)
                    : new MqttPublishMessage(header, variable, content);
            channel.writeAndFlush(publish, channel.voidPromise());
            ByteBuf out = channel.readOutbound();
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }
}
