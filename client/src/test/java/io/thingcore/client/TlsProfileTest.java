package io.thingcore.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The firmware profiles on the wire: the ClientHello a DIC board's Mbed TLS sends (TLS 1.2, its seven suites, no SNI),
 * read byte by byte by a plain socket server; and the handshake's checks against a Netty TLS server whose certificate
 * names another host.
 */
class TlsProfileTest {
    /** IANA code points of {@link TlsProfile#FIRMWARE_CIPHER_SUITES} (RFC 5289, RFC 8422), in the same order. */
    private static final List<Integer> FIRMWARE_SUITE_CODES =
            List.of(0xC02C, 0xC02B, 0xC024, 0xC023, 0xC00A, 0xC009, 0xC027);

    private static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;
    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int EXTENSION_SUPPORTED_VERSIONS = 43;

    private static CertificateAuthority ca;
    private static String caPem;
    private static String clientCertificatePem;
    private static String clientKeyPem;
    private static EventLoopGroup group;

    @BeforeAll
    static void pki() {
        Instant now = Instant.now();
        ca = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=Test CA",
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(30)));
        caPem = Pem.write(ca.certificate());
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        clientCertificatePem =
                Pem.write(ca.issue(LeafRequest.version1(keys.getPublic(), "CN=DIC_2", Duration.ofDays(30))));
        clientKeyPem = Pem.writeSec1(keys.getPrivate());
        group = MqttClient.newEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ClientTls tls(TlsProfile profile) {
        return ClientTls.fromPem(clientCertificatePem, clientKeyPem, caPem, TlsEngine.AUTO, profile);
    }

    /** What the ClientHello says. */
    private record ClientHello(int legacyVersion, List<Integer> suites, Map<Integer, byte[]> extensions) {}

    private static ClientHello captureClientHello(TlsProfile profile, String host) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<byte[]> hello = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    byte[] header = new byte[5];
                    in.readFully(header);
                    assertThat(header[0]).as("a handshake record").isEqualTo((byte) 22);
                    byte[] body = new byte[((header[3] & 0xFF) << 8) | (header[4] & 0xFF)];
                    in.readFully(body);
                    return body;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls(profile).newHandler(ch.alloc(), host, server.getLocalPort()));
                        }
                    })
                    .connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()))
                    .sync()
                    .channel();
            try {
                return parse(hello.get(10, TimeUnit.SECONDS));
            } finally {
                channel.close();
            }
        }
    }

    /** RFC 5246 section 7.4.1.2. */
    private static ClientHello parse(byte[] handshake) {
        ByteBuffer in = ByteBuffer.wrap(handshake);
        assertThat(in.get()).as("ClientHello").isEqualTo((byte) 1);
        in.position(in.position() + 3);
        int version = in.getShort() & 0xFFFF;
        in.position(in.position() + 32);
        int sessionIdLength = in.get() & 0xFF;
        in.position(in.position() + sessionIdLength);
        int suitesLength = in.getShort() & 0xFFFF;
        List<Integer> suites = new ArrayList<>();
        for (int i = 0; i < suitesLength / 2; i++) {
            suites.add(in.getShort() & 0xFFFF);
        }
        int compressionLength = in.get() & 0xFF;
        in.position(in.position() + compressionLength);
        Map<Integer, byte[]> extensions = new HashMap<>();
        if (in.hasRemaining()) {
            int end = in.position() + (in.getShort() & 0xFFFF);
            while (in.position() < end) {
                int type = in.getShort() & 0xFFFF;
                byte[] data = new byte[in.getShort() & 0xFFFF];
                in.get(data);
                extensions.put(type, data);
            }
        }
        return new ClientHello(version, suites, extensions);
    }

    private static List<Integer> withoutScsv(List<Integer> suites) {
        return suites.stream()
                .filter(s -> s != TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
                .toList();
    }

    @Test
    void theDicProfileOffersTls12AndTheFirmwareSuitesWithoutSni() throws Exception {
        ClientHello hello = captureClientHello(TlsProfile.FIRMWARE_WITHOUT_SNI, "gateway.example.com");
        assertThat(hello.legacyVersion()).isEqualTo(0x0303);
        assertThat(withoutScsv(hello.suites())).containsExactlyElementsOf(FIRMWARE_SUITE_CODES);
        assertThat(hello.extensions()).doesNotContainKey(EXTENSION_SERVER_NAME);
        assertOnlyTls12(hello);
    }

    @Test
    void theMatterAwsProfileSendsTheConfiguredHostAsSni() throws Exception {
        ClientHello hello = captureClientHello(TlsProfile.FIRMWARE_WITH_SNI, "gateway.example.com");
        assertThat(withoutScsv(hello.suites())).containsExactlyElementsOf(FIRMWARE_SUITE_CODES);
        assertOnlyTls12(hello);
        assertThat(new String(
                        hello.extensions().get(EXTENSION_SERVER_NAME), java.nio.charset.StandardCharsets.US_ASCII))
                .endsWith("gateway.example.com");
    }

    /**
     * TLS 1.3 is offered only through supported_versions (RFC 8446 section 4.2.1): absent, or listing 0x0303 alone,
     * the ClientHello offers TLS 1.2 only.
     */
    private static void assertOnlyTls12(ClientHello hello) {
        byte[] versions = hello.extensions().get(EXTENSION_SUPPORTED_VERSIONS);
        if (versions != null) {
            assertThat(versions).containsExactly(2, 3, 3);
        }
    }

    @Test
    void theDefaultProfileOffersTls13AndSni() throws Exception {
        ClientHello hello = captureClientHello(TlsProfile.DEFAULT, "gateway.example.com");
        assertThat(hello.extensions()).containsKey(EXTENSION_SERVER_NAME).containsKey(EXTENSION_SUPPORTED_VERSIONS);
    }

    // ------------------------------------------------------------------ the handshake's checks

    /** A TLS server (JDK engine, client auth required) whose certificate names only {@code elsewhere.example}. */
    private static Channel server(CertificateAuthority issuer) throws Exception {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        X509Certificate certificate = issuer.issue(LeafRequest.server(
                keys.getPublic(), "CN=elsewhere.example", List.of("elsewhere.example"), Duration.ofDays(30)));
        SslContext context = SslContextBuilder.forServer(keys.getPrivate(), certificate)
                .sslProvider(SslProvider.JDK)
                .trustManager(ca.certificate())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(context.newHandler(ch.alloc()));
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    private static Future<Channel> handshake(TlsProfile profile, String host, int port) throws Exception {
        CompletableFuture<SslHandler> handler = new CompletableFuture<>();
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = tls(profile).newHandler(ch.alloc(), host, port);
                        ch.pipeline().addLast(ssl);
                        handler.complete(ssl);
                    }
                })
                .connect("127.0.0.1", port)
                .sync();
        return handler.get(5, TimeUnit.SECONDS).handshakeFuture().await();
    }

    @Test
    void theDicProfileDoesNotCheckTheHostNameButDoesCheckTheChain() throws Exception {
        Channel trusted = server(ca);
        int port = ((InetSocketAddress) trusted.localAddress()).getPort();
        try {
            assertThat(handshake(TlsProfile.FIRMWARE_WITHOUT_SNI, "gateway.example.com", port)
                            .isSuccess())
                    .isTrue();
            assertThat(handshake(TlsProfile.FIRMWARE_WITH_SNI, "gateway.example.com", port)
                            .isSuccess())
                    .as("matter-aws verifies the host name")
                    .isFalse();
        } finally {
            trusted.close().sync();
        }
        CertificateAuthority other = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=Other CA",
                Instant.now().minus(Duration.ofMinutes(5)),
                Instant.now().plus(Duration.ofDays(30)));
        Channel untrusted = server(other);
        try {
            assertThat(handshake(
                                    TlsProfile.FIRMWARE_WITHOUT_SNI,
                                    "gateway.example.com",
                                    ((InetSocketAddress) untrusted.localAddress()).getPort())
                            .isSuccess())
                    .as("MBEDTLS_SSL_VERIFY_REQUIRED: the chain must lead to the configured CA")
                    .isFalse();
        } finally {
            untrusted.close().sync();
        }
    }
}
