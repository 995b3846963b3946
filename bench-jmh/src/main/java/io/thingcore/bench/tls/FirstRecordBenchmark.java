package io.thingcore.bench.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.tls.CertificateAuthenticator;
import io.thingcore.broker.tls.FirstRecordWriter;
import io.thingcore.broker.tls.ServerTls;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.testkit.net.InMemoryTls;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
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

    private SslContext server;
    private SslContext client;
    private EmbeddedChannel serverChannel;
    private EmbeddedChannel clientChannel;

    @Setup(Level.Trial)
    public void contexts() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=Bench CA",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        KeyPair serverKeys = Keys.generate(KeyAlgorithm.EC_P256);
        X509Certificate serverCertificate = ca.issue(
                LeafRequest.server(serverKeys.getPublic(), "CN=localhost", List.of("localhost"), Duration.ofDays(30)));
        KeyPair deviceKeys = Keys.generate(KeyAlgorithm.EC_P256);
        X509Certificate device =
                ca.issue(LeafRequest.client(deviceKeys.getPublic(), "CN=bench-device", Duration.ofDays(30)));
        String caId = CertificateIds.of(ca.certificate());
        CaRecord caRecord = new CaRecord(caId, ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        DeviceRecord deviceRecord = new DeviceRecord(
                CertificateIds.of(device),
                CertificateStatus.ACTIVE,
                caId,
                CertificateMode.DEFAULT,
                device.getNotBefore().toInstant(),
                device.getNotAfter().toInstant(),
                List.of(),
                List.of());
        DeviceDirectory directory = new DeviceDirectory() {
            @Override
            public Optional<DeviceRecord> findCertificate(String certificateId) {
                return Optional.of(deviceRecord).filter(d -> d.certificateId().equals(certificateId));
            }

            @Override
            public Optional<CaRecord> findCa(String caCertificateId) {
                return Optional.of(caRecord).filter(c -> c.caCertificateId().equals(caCertificateId));
            }

            @Override
            public List<CaRecord> findCasBySubject(X500Principal subject) {
                return subject.equals(ca.certificate().getSubjectX500Principal()) ? List.of(caRecord) : List.of();
            }

            @Override
            public Optional<ThingRecord> findThing(String thingName) {
                return Optional.empty();
            }
        };
        BrokerConfig config = BrokerConfig.builder(
                        serverKeys.getPrivate(), List.of(serverCertificate, ca.certificate()))
                .hostNames(List.of("localhost"))
                .accountId("123456789012")
                .tlsProvider(TlsProvider.OPENSSL)
                .build();
        server = ServerTls.build(
                config,
                new CertificateAuthenticator(directory, List.of("localhost"), SniRule.LENIENT, Clock.systemUTC()));
        client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .protocols("TLSv1.3")
                .keyManager(deviceKeys.getPrivate(), device)
                .trustManager(ca.certificate())
                .build();
    }

    @TearDown(Level.Trial)
    public void releaseContexts() {
        ReferenceCountUtil.release(server);
        ReferenceCountUtil.release(client);
    }

    @Setup(Level.Invocation)
    public void handshake() {
        SslHandler serverSsl = server.newHandler(ByteBufAllocator.DEFAULT);
        serverChannel = path.equals("firstRecordWriter")
                ? new EmbeddedChannel(serverSsl, new FirstRecordWriter())
                : new EmbeddedChannel(serverSsl);
        SslHandler clientSsl = client.newHandler(ByteBufAllocator.DEFAULT, "localhost", 8883);
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
