package io.thingcore.broker.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
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

    static final int BIO_NON_APPLICATION_BUFFER_BYTES = 512;

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
     * completion by {@link ClientCertificateHandler} (docs/security.md, "The broker"); the TLS layer makes the client
     * prove possession of the key (CertificateVerify).
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
        SslContext context = SslContextBuilder.forServer(
                        config.serverKey(), config.serverChain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(new RegistryTrustManager(authenticator, provider == SslProvider.OPENSSL))
                .build();
        if (context instanceof OpenSslContext openSsl) {
            // Each BoringSSL engine keeps a native buffer of this size per direction for as long as the connection
            // lives, used only for data Netty cannot hand over in its own buffers (handshake messages, alerts).
            // Netty's 2,048 bytes cost 4.5 KB of RSS per idle connection (issue 6); a larger handshake flight is
            // written in several passes instead.
            openSsl.setBioNonApplicationBufferSize(BIO_NON_APPLICATION_BUFFER_BYTES);
            // No server-side session cache: it holds every full handshake's session (with the peer's certificate)
            // for its timeout, about 1 KB per connection made. Clients still resume with TLS session tickets, which
            // keep the state on the client; a resumed handshake is decided again on completion
            // (ClientCertificateHandler), so a certificate revoked since is still refused.
            openSsl.sessionContext().setSessionCacheEnabled(false);
        }
        return context;
    }
}
