package io.thingcore.broker.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.TlsProvider;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the server TLS context for the MQTT port. */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private ServerTls() {}

    /** The provider {@code preference} resolves to here; fails when OPENSSL is demanded and does not load. */
    public static SslProvider provider(TlsProvider preference) {
        return switch (preference) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(
                            "netty-tcnative BoringSSL is not available: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /**
     * TLS 1.3 and 1.2, client certificate required. The trust decision is made from the registry inside the handshake
     * by {@link RegistryTrustManager} (a refused client gets a TLS alert, as on AWS), and repeated on handshake
     * completion by {@link ClientCertificateHandler} (DESIGN section 3, "Trust"); the TLS layer makes the client prove
     * possession of the key (CertificateVerify).
     */
    public static SslContext build(BrokerConfig config, CertificateAuthenticator authenticator) throws SSLException {
        SslProvider provider = provider(config.tlsProvider());
        if (provider == SslProvider.OPENSSL) {
            LOG.info("MQTT TLS: netty-tcnative {}", OpenSsl.versionString());
        } else {
            LOG.info(
                    "MQTT TLS: JDK engine{}",
                    OpenSsl.isAvailable()
                            ? ""
                            : " (netty-tcnative unavailable: " + OpenSsl.unavailabilityCause() + ")");
        }
        return SslContextBuilder.forServer(
                        config.serverKey(), config.serverChain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(new RegistryTrustManager(authenticator, provider == SslProvider.OPENSSL))
                .build();
    }
}
