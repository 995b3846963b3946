package io.thingcore.bench.wire;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.thingcore.broker.routing.Message;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the broker adds to a delivery for a client that announced an MQTT 5 Maximum Packet Size: counting the size of
 * the message's PUBLISH at QoS 1 ({@code PublishHeads.packetBytes}) to compare it with the limit. A client that
 * announced none pays nothing of it (the session checks the limit first). {@code properties}: none, or what a
 * request/response message forwards (content type, response topic, 16 bytes of correlation data, two user
 * properties). Topics like the bench's fan-out topic. {@code perMessage} false: one message, its size counted for
 * each subscriber (what every delivery after the first costs: the lengths are kept on the message); true: a new
 * message per call, of one of 1,024 topics in turn (the first delivery, which counts the topic's UTF-8 and the
 * properties; the message's allocation included).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PacketSizeBenchmark {
    private static final byte[] PAYLOAD = "x".repeat(128).getBytes(StandardCharsets.US_ASCII);

    @Param({"none", "requestResponse"})
    public String properties = "none";

    @Param({"false", "true"})
    public boolean perMessage;

    private @Nullable MqttProperties forwarded;
    private Message message;
    private final String[] topics = new String[1024];
    private int next;

    @Setup
    public void message() {
        forwarded = null;
        if (properties.equals("requestResponse")) {
            forwarded = new MqttProperties();
            forwarded.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
            forwarded.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, "replies/bench-0000"));
            forwarded.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, new byte[16]));
            forwarded.add(new MqttProperties.UserProperty("origin", "bench-0000"));
            forwarded.add(new MqttProperties.UserProperty("zone", "eu-west-1"));
        }
        for (int i = 0; i < topics.length; i++) {
            topics[i] = "bench/bench-" + (1_000 + i) + "/fanout";
        }
        message = newMessage();
    }

    /** The size of the message's PUBLISH at QoS 1 to an MQTT 5 client, in bytes. */
    @Benchmark
    public long packetBytes() {
        Message m = perMessage ? newMessage() : message;
        return m.publishHeads().packetBytes(true, 1);
    }

    private Message newMessage() {
        next = (next + 1) & (topics.length - 1);
        return new Message(topics[next], PAYLOAD, 1, false, forwarded, "bench-0000");
    }
}
