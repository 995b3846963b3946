package io.thingcore.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the benchmark's set-up and a few rounds of its publishers, so that a change to the broker's pipeline that
 * breaks the benchmark fails the build rather than the next benchmark run. Measures nothing; what it checks is that
 * every message is acknowledged and delivered, and that the subscriber's PUBACKs keep its in-flight window open
 * (more messages than the window of 100 go through).
 */
class FanInPipelineBenchmarkTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void everyPublisherInTurnGetsItsPubAckAndTheSubscriberEveryMessage(int publishers) throws Exception {
        FanInPipelineBenchmark benchmark = new FanInPipelineBenchmark();
        benchmark.publishers = publishers;
        benchmark.connect();
        try {
            for (int i = 0; i < 2 * Math.max(publishers, 100); i++) {
                // Type byte, Remaining Length 153 (two bytes), topic length and bench/dev-NNNNN/fanin (21 bytes),
                // packet identifier, the 128-byte payload.
                assertThat(benchmark.deliverOne()).isEqualTo(1 + 2 + 2 + 21 + 2 + 128);
            }
        } finally {
            benchmark.close();
        }
    }

    @Test
    void thePacketIdentifierIsReadAfterTheTopic() {
        ByteBuf publish = Unpooled.wrappedBuffer(new byte[] {0x32, 0x08, 0x00, 0x03, 'a', '/', 'b', 0x01, 0x2c, 'x'});

        assertThat(FanInPipelineBenchmark.packetIdOf(publish)).isEqualTo(300);
    }
}
