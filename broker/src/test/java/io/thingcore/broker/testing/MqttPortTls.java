package io.thingcore.broker.testing;

import io.netty.handler.ssl.SslContext;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.tls.CertificateAuthenticator;
import io.thingcore.broker.tls.ServerTls;
import io.thingcore.testkit.pki.TestPki;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLException;

/** The MQTT port's TLS context as the broker builds it, for tests that drive the TLS stage without a broker. */
public final class MqttPortTls {
    private MqttPortTls() {}

    /**
     * The context on BoringSSL (fails, rather than skips, where netty-tcnative does not load), serving {@code pki}'s
     * server certificate for {@code localhost} and deciding from {@code directory}. The caller releases it.
     */
    public static SslContext boringSsl(TestPki pki, DeviceDirectory directory) throws SSLException {
        BrokerConfig config = BrokerConfig.builder(
                        pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                .hostNames(List.of("localhost"))
                .accountId("123456789012")
                .tlsProvider(TlsProvider.OPENSSL)
                .build();
        return ServerTls.build(
                config,
                new CertificateAuthenticator(directory, List.of("localhost"), SniRule.LENIENT, Clock.systemUTC()));
    }
}
