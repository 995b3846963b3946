package io.thingcore.bench.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.bench.fixture.BenchCa;
import io.thingcore.bench.fixture.OneDeviceDirectory;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.tls.CertificateAuthenticator;
import io.thingcore.broker.tls.ServerTls;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The MQTT port's BoringSSL context as the broker builds it ({@link ServerTls}, the registry answering every lookup
 * with one ACTIVE device under one ACTIVE CA, EC P-256 throughout) and a device's client context for that device, for
 * benchmarks that run TLS between in-memory channels. The caller releases both ({@link #release}).
 *
 * @param server the broker's context
 * @param device the device's context: TLS 1.3, its certificate and key, trusting the CA
 */
record BrokerTlsContexts(SslContext server, SslContext device) {
    static BrokerTlsContexts create() throws Exception {
        BenchCa bench = BenchCa.create();
        CertificateAuthority ca = bench.ca();
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
        DeviceDirectory directory = new OneDeviceDirectory(deviceRecord, caRecord, null);
        BrokerConfig config = BrokerConfig.builder(bench.serverKey(), bench.serverChain())
                .hostNames(List.of("localhost"))
                .accountId("123456789012")
                .tlsProvider(TlsProvider.OPENSSL)
                .build();
        SslContext server = ServerTls.build(
                config,
                new CertificateAuthenticator(directory, List.of("localhost"), SniRule.LENIENT, Clock.systemUTC()));
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .protocols("TLSv1.3")
                .keyManager(deviceKeys.getPrivate(), device)
                .trustManager(ca.certificate())
                .build();
        return new BrokerTlsContexts(server, client);
    }

    void release() {
        ReferenceCountUtil.release(server);
        ReferenceCountUtil.release(device);
    }
}
