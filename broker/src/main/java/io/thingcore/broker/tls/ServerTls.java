package io.thingcore.broker.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
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

    static final int BIO_NON_APPLICATION_BUFFER_BYTES = 256;

    /**
     * The ALPN protocol name of MQTT with X.509 client certificates, which AWS IoT Core requires on port 443: "Clients
     * that connect on port 443 using X.509 client certificate authentication must implement the ALPN TLS extension and
     * use the ALPN protocol name listed" (x-amzn-mqtt-ca; port 8883: none), AWS IoT Developer Guide, "Device
     * communication protocols", https://docs.aws.amazon.com/iot/latest/developerguide/protocols.html. The AWS IoT Device
     * SDK for Embedded C sends it whenever its port is 443 (aws-iot-device-sdk-embedded-C 202211.00,
     * demos/ota/ota_demo_core_mqtt/ota_demo_core_mqtt.c:971-990 with demos/include/aws_iot_alpn_defs.h:38).
     */
    public static final String ALPN_MQTT_X509 = "x-amzn-mqtt-ca";

    /**
     * The MQTT port selects {@link #ALPN_MQTT_X509} when the client offers it, as AWS does on port 443, and goes on
     * without ALPN when the client offers none (AWS's port 8883), so one port serves both kinds of client. A client
     * that offers only other names gets no ALPN answer (NO_ADVERTISE, which both the JDK and the BoringSSL engine
     * support on a server) and is admitted or refused by its certificate as any other.
     */
    static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE,
            SelectedListenerFailureBehavior.ACCEPT,
            ALPN_MQTT_X509);

    /**
     * The type of the in-memory key store Netty puts the server's key and chain in before handing them to the TLS
     * engine ({@code SslContextBuilder.keyStoreType}). The JDK's default, PKCS12, wraps the key with PBKDF2 at 10,000
     * iterations (security property {@code keystore.pkcs12.keyPbeIterationCount}) and unwraps it again: 20,000
     * HMAC-SHA256 rounds in the interpreter at every start, whose C2 compilation then competes with the first
     * connections. The store lives in this process's memory only, beside the key it would protect, so its key
     * protection guards nothing; JKS's costs four SHA-1 digests.
     */
    public static final String IN_MEMORY_KEY_STORE_TYPE = "JKS";

    private ServerTls() {}

    /**
     * The provider {@code preference} resolves to here; fails when OPENSSL is demanded and does not load. BoringSSL is
     * the reference-counted engine, which each connection's {@code SslHandler} releases when the connection ends; the
     * other ({@code SslProvider.OPENSSL}) is released there too but also declares a finalizer, so every engine was
     * registered with the JVM's finalizer when made (one {@code java.lang.ref.Finalizer} per idle connection in a
     * class histogram of 19,000), outlived one more collection after its connection closed, and was finalized on the
     * finalizer thread, on the broker's core.
     */
    public static SslProvider provider(TlsProvider preference) {
        return switch (preference) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(
                            "netty-tcnative BoringSSL is not available: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL_REFCNT;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
        };
    }

    /**
     * TLS 1.3 and 1.2, client certificate required. The trust decision is made from the registry inside the handshake
     * by {@link RegistryTrustManager} (a refused client gets a TLS alert, as on AWS), and repeated on handshake
     * completion by {@link ClientCertificateHandler} (docs/security.md, "The broker"); the TLS layer makes the client
     * prove possession of the key (CertificateVerify). ALPN: {@link #ALPN}. The caller releases the context when the
     * broker stops ({@code ReferenceCountUtil.release}: a BoringSSL context holds native memory).
     */
    public static SslContext build(BrokerConfig config, CertificateAuthenticator authenticator) throws SSLException {
        SslProvider provider = provider(config.tlsProvider());
        boolean boringSsl = provider == SslProvider.OPENSSL_REFCNT;
        if (boringSsl) {
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
                .keyStoreType(IN_MEMORY_KEY_STORE_TYPE)
                .sslProvider(provider)
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocolConfig(ALPN)
                .trustManager(new RegistryTrustManager(authenticator, boringSsl))
                .build();
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            // Each BoringSSL engine keeps a native buffer of this size per direction for as long as the connection
            // lives, used only for data Netty cannot hand over in its own buffers (handshake messages, alerts).
            // Netty's 2,048 bytes cost 4.5 KB of RSS per idle connection (issue 6); a larger handshake flight is
            // written in several passes instead. 256 rather than 512 (issue 14): 0.2-0.4 KB less per idle connection,
            // with the same CPU per full handshake (bench/README.md, "Where an idle connection's memory goes").
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
