package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.testing.MqttPortTls;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.testkit.net.InMemoryTls;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestPki;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker's MQTT port context on BoringSSL and a BoringSSL client, handshaking in memory: the first write after
 * the handshake (a 4-byte CONNACK) leaves the server as one buffer, the TLS 1.3 session tickets in it, and what the
 * client decrypts is the CONNACK and then every later write, in order.
 */
class FirstRecordWriterTest {
    private static final TestPki PKI = new TestPki();
    private static final byte[] CONNACK = {0x20, 0x02, 0x00, 0x00};

    private final TestDirectory directory = new TestDirectory();
    private SslContext server;
    private Device device;

    @BeforeEach
    void registerDevice() throws Exception {
        device = directory.allowAllDevice("CN=First Record CA", "CN=first-record-device");
        server = MqttPortTls.boringSsl(PKI, directory);
    }

    @AfterEach
    void close() {
        ReferenceCountUtil.release(server);
        directory.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theFirstWriteAfterTheHandshakeLeavesAsOneBufferAndTheClientReadsEveryWriteInOrder(String protocol)
            throws Exception {
        Pair pair = handshake(protocol, new FirstRecordWriter());

        List<ByteBuf> first = pair.serverWrites(CONNACK);
        assertThat(nonEmpty(first))
                .as("buffers written to the socket for the CONNACK")
                .isEqualTo(1);
        if (protocol.equals("TLSv1.3")) {
            assertThat(bytes(first))
                    .as("the CONNACK's record and the two session tickets BoringSSL sends with it")
                    .isGreaterThan(1_000);
        }
        pair.deliver(first);
        assertThat(pair.serverChannel.pipeline().get(FirstRecordWriter.class))
                .as("removed at the first write")
                .isNull();

        pair.deliver(pair.serverWrites(new byte[] {0x30, 0x03, 0x00, 0x01, 'a'}));
        pair.deliver(pair.serverWrites(new byte[] {(byte) 0xd0, 0x00}));

        assertThat(pair.clientReceived.toByteArray())
                .isEqualTo(new byte[] {0x20, 0x02, 0x00, 0x00, 0x30, 0x03, 0x00, 0x01, 'a', (byte) 0xd0, 0x00});
        pair.close();
    }

    /**
     * Why the handler exists, and the test that tells when a Netty release no longer needs it: without it the same
     * CONNACK leaves in 26-byte slices, the tickets one slice per pass of the engine.
     */
    @Test
    void withoutItTheSslHandlerWritesTheTicketsIn26ByteSlices() throws Exception {
        Pair pair = handshake("TLSv1.3", null);

        List<ByteBuf> first = pair.serverWrites(CONNACK);

        assertThat(nonEmpty(first)).isGreaterThan(20);
        assertThat(first.stream().mapToInt(ByteBuf::readableBytes).max().orElseThrow())
                .isEqualTo(CONNACK.length + 22);
        pair.deliver(first);
        assertThat(pair.clientReceived.toByteArray()).isEqualTo(CONNACK);
        pair.close();
    }

    /** A server channel with the MQTT port's SslHandler (and {@code writer} after it), handshaken with a client. */
    private Pair handshake(String protocol, ChannelHandler writer) throws Exception {
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .protocols(protocol)
                .keyManager(device.keys().getPrivate(), device.certificate())
                .trustManager(PKI.serverCa.certificate())
                .build();
        SslHandler serverSsl = server.newHandler(ByteBufAllocator.DEFAULT);
        EmbeddedChannel serverChannel =
                writer == null ? new EmbeddedChannel(serverSsl) : new EmbeddedChannel(serverSsl, writer);
        SslHandler clientSsl = client.newHandler(ByteBufAllocator.DEFAULT, "localhost", 8883);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        EmbeddedChannel clientChannel = new EmbeddedChannel(clientSsl, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf plaintext = (ByteBuf) msg;
                received.writeBytes(ByteBufUtil.getBytes(plaintext));
                plaintext.release();
            }
        });
        InMemoryTls.handshake(clientChannel, serverChannel);
        assertThat(serverSsl.engine().getSession().getProtocol()).isEqualTo(protocol);
        ReferenceCountUtil.release(client);
        return new Pair(serverChannel, clientChannel, received);
    }

    private static long nonEmpty(List<ByteBuf> buffers) {
        return buffers.stream().filter(ByteBuf::isReadable).count();
    }

    private static int bytes(List<ByteBuf> buffers) {
        return buffers.stream().mapToInt(ByteBuf::readableBytes).sum();
    }

    private record Pair(
            EmbeddedChannel serverChannel, EmbeddedChannel clientChannel, ByteArrayOutputStream clientReceived) {
        /** Writes {@code plaintext} on the server and returns what reached its socket, in order. */
        List<ByteBuf> serverWrites(byte[] plaintext) {
            serverChannel.writeAndFlush(Unpooled.wrappedBuffer(plaintext));
            List<ByteBuf> written = new ArrayList<>();
            for (Object bytes; (bytes = serverChannel.readOutbound()) != null; ) {
                written.add((ByteBuf) bytes);
            }
            return written;
        }

        void deliver(List<ByteBuf> ciphertext) {
            ciphertext.forEach(clientChannel::writeInbound);
        }

        void close() {
            serverChannel.finishAndReleaseAll();
            clientChannel.finishAndReleaseAll();
        }
    }
}
