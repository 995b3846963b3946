package io.thingcore.bench.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.tls.FirstRecordWriter;
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
 * The first write after a TLS 1.3 handshake on the MQTT port's BoringSSL context ({@link ServerTls}, the registry
 * answering every lookup with one ACTIVE device): a 4-byte CONNACK through the {@code SslHandler} alone
 * ({@code sslHandlerAlone}, before issue 14's change: the session tickets BoringSSL sends with it leave 26 bytes per
 * pass of the engine) and through {@link FirstRecordWriter} ({@code firstRecordWriter}, as the broker's pipeline has
 * it). Each invocation gets a freshly handshaken pair of in-memory channels (set-up, not measured); the measured call
 * writes the CONNACK and collects what reaches the socket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FirstRecordBenchmark {
    private static final byte[] CONNACK = {0x20, 0x02, 0x00, 0x00};

    @Param({"sslHandlerAlone", "firstRecordWriter"})
    public String path;

    private BrokerTlsContexts contexts;
    private EmbeddedChannel serverChannel;
    private EmbeddedChannel clientChannel;

    @Setup(Level.Trial)
    public void contexts() throws Exception {
        contexts = BrokerTlsContexts.create();
    }

    @TearDown(Level.Trial)
    public void releaseContexts() {
        contexts.release();
    }

    @Setup(Level.Invocation)
    public void handshake() {
        SslHandler serverSsl = contexts.server().newHandler(ByteBufAllocator.DEFAULT);
        serverChannel = path.equals("firstRecordWriter")
                ? new EmbeddedChannel(serverSsl, new FirstRecordWriter())
                : new EmbeddedChannel(serverSsl);
        SslHandler clientSsl = contexts.device().newHandler(ByteBufAllocator.DEFAULT, "localhost", 8883);
        clientChannel = new EmbeddedChannel(clientSsl);
        InMemoryTls.handshake(clientChannel, serverChannel);
    }

    @TearDown(Level.Invocation)
    public void closeChannels() {
        serverChannel.finishAndReleaseAll();
        clientChannel.finishAndReleaseAll();
    }

    /** Writes the CONNACK and returns the bytes that reached the socket (the tickets included). */
    @Benchmark
    public int connack() {
        serverChannel.writeAndFlush(Unpooled.wrappedBuffer(CONNACK));
        int bytes = 0;
        for (Object written; (written = serverChannel.readOutbound()) != null; ) {
            bytes += ((ByteBuf) written).readableBytes();
            ReferenceCountUtil.release(written);
        }
        return bytes;
    }
}
