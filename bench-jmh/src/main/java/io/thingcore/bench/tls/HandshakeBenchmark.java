package io.thingcore.bench.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslHandler;
import io.thingcore.broker.tls.ServerTls;
import io.thingcore.testkit.net.InMemoryTls;
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
 * One full TLS 1.3 handshake with a client certificate on the MQTT port's BoringSSL context ({@link ServerTls}), a
 * device's engine on the other side, between in-memory channels: both sides' CPU, no sockets. {@code
 * bioBufferBytes} is the size of each engine's non-application BIO buffer, through which BoringSSL writes its
 * handshake messages (2,247 bytes here, counted between the channels: the ServerHello with the X25519MLKEM768 key
 * share both BoringSSL engines agree on by default, then the two-certificate chain, CertificateVerify and Finished)
 * in as many passes as the buffer needs; 256 is what the broker sets (issue 14), 512 what it set before. The device's side is
 * the same for every value, so a difference is the server's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, time = 1) // pinned to one core, the JIT takes some 12 s to settle (2,000 -> 630 us/op)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Thread)
public class HandshakeBenchmark {
    @Param({"256", "512"})
    public int bioBufferBytes;

    private BrokerTlsContexts contexts;

    @Setup(Level.Trial)
    public void contexts() throws Exception {
        contexts = BrokerTlsContexts.create();
        ((ReferenceCountedOpenSslContext) contexts.server()).setBioNonApplicationBufferSize(bioBufferBytes);
    }

    @TearDown(Level.Trial)
    public void releaseContexts() {
        contexts.release();
    }

    /** Handshakes a new pair of engines and closes both; returns whether the server's handshake succeeded. */
    @Benchmark
    public boolean fullHandshake() {
        SslHandler serverSsl = contexts.server().newHandler(ByteBufAllocator.DEFAULT);
        EmbeddedChannel server = new EmbeddedChannel(serverSsl);
        EmbeddedChannel device =
                new EmbeddedChannel(contexts.device().newHandler(ByteBufAllocator.DEFAULT, "localhost", 8883));
        try {
            InMemoryTls.handshake(device, server);
            return serverSsl.handshakeFuture().isSuccess();
        } finally {
            server.finishAndReleaseAll();
            device.finishAndReleaseAll();
        }
    }
}
