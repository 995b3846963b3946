package io.thingcore.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

/**
 * A client's TLS identity and trust, built once and shared by every connection that uses them: the client
 * certificate and key (mutual TLS), the CA that must sign the server's certificate (the only trust anchor, never the
 * JDK's default store), TLS 1.3 and 1.2, or a firmware's narrower {@link TlsProfile}. Immutable and thread-safe.
 *
 * <p>Each connection gets SNI set explicitly and the server's name verified against its certificate's SANs
 * ({@link #newHandler}): the JDK never sends SNI for a dotless name such as {@code localhost}, and AWS IoT (and
 * thingcore) refuse {@code SNI_ONLY} certificates without it.
 */
public final class ClientTls {
    private final SslContext context;
    private final boolean openSsl;
    /** Named groups each JDK engine is limited to; BoringSSL gets them on the context instead. */
    private final List<String> jdkNamedGroups;

    private final TlsProfile profile;

    private ClientTls(SslContext context, boolean openSsl, List<String> jdkNamedGroups, TlsProfile profile) {
        this.context = context;
        this.openSsl = openSsl;
        this.jdkNamedGroups = jdkNamedGroups;
        this.profile = profile;
    }

    /**
     * From PEM files as {@code thingcore certs}, openssl and the DIC workflow write them.
     *
     * @param certificate the client certificate (a chain file is fine, leaf first)
     * @param key its private key (PKCS#8, SEC1 or PKCS#1)
     * @param serverCa the CA of the server's certificate (e.g. {@code server-ca.pem}, Amazon Root CA 1)
     */
    public static ClientTls fromPemFiles(Path certificate, Path key, Path serverCa, TlsEngine engine) {
        return of(
                certificates(read(certificate, "client certificate"), "the client certificate " + certificate),
                privateKey(read(key, "client key"), "the client key " + key),
                certificates(read(serverCa, "server CA file"), "the server CA file " + serverCa),
                engine);
    }

    /** As {@link #fromPemFiles(Path, Path, Path, TlsEngine)} with a {@link TlsProfile}. */
    public static ClientTls fromPemFiles(
            Path certificate, Path key, Path serverCa, TlsEngine engine, TlsProfile profile) {
        return of(
                certificates(read(certificate, "client certificate"), "the client certificate " + certificate),
                privateKey(read(key, "client key"), "the client key " + key),
                certificates(read(serverCa, "server CA file"), "the server CA file " + serverCa),
                engine,
                List.of(),
                profile);
    }

    /** From PEM text. */
    public static ClientTls fromPem(String certificatePem, String keyPem, String serverCaPem, TlsEngine engine) {
        return fromPem(certificatePem, keyPem, serverCaPem, engine, TlsProfile.DEFAULT);
    }

    /** From PEM text, with a {@link TlsProfile} (e.g. the DIC firmware's). */
    public static ClientTls fromPem(
            String certificatePem, String keyPem, String serverCaPem, TlsEngine engine, TlsProfile profile) {
        return of(
                certificates(certificatePem, "the client certificate"),
                privateKey(keyPem, "the client key"),
                certificates(serverCaPem, "the server CA"),
                engine,
                List.of(),
                profile);
    }

    private static List<X509Certificate> certificates(String pem, String what) {
        try {
            return Pem.readCertificates(pem);
        } catch (PkiException e) {
            throw new IllegalArgumentException(what + " is unreadable (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey privateKey(String pem, String what) {
        try {
            return Pem.readPrivateKey(pem);
        } catch (PkiException e) {
            throw new IllegalArgumentException(what + " is unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * From in-memory certificates and key.
     *
     * @param chain the client certificate, leaf first
     * @param key the leaf's private key
     * @param trusted the CAs the server's certificate must chain to
     */
    public static ClientTls of(
            List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trusted, TlsEngine engine) {
        return of(chain, key, trusted, engine, List.of());
    }

    /**
     * As {@link #of(List, PrivateKey, List, TlsEngine)}, offering only {@code keyExchangeGroups} (TLS names such as
     * {@code X25519}, {@code P-256}, {@code X25519MLKEM768}, most preferred first; empty: the engine's defaults). The
     * load generator uses it to make every broker it compares negotiate the same key exchange.
     */
    public static ClientTls of(
            List<X509Certificate> chain,
            PrivateKey key,
            List<X509Certificate> trusted,
            TlsEngine engine,
            List<String> keyExchangeGroups) {
        return of(chain, key, trusted, engine, keyExchangeGroups, TlsProfile.DEFAULT);
    }

    /**
     * As {@link #of(List, PrivateKey, List, TlsEngine, List)} with a {@link TlsProfile}. A profile that pins the
     * cipher suites always uses the JDK's engine: BoringSSL has none of the firmware's CBC-SHA256/SHA384 suites.
     */
    public static ClientTls of(
            List<X509Certificate> chain,
            PrivateKey key,
            List<X509Certificate> trusted,
            TlsEngine engine,
            List<String> keyExchangeGroups,
            TlsProfile profile) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(profile, "profile");
        if (chain.isEmpty() || trusted.isEmpty()) {
            throw new IllegalArgumentException("a client certificate and at least one trusted CA are required");
        }
        boolean openSsl = !profile.pinsCipherSuites() && useOpenSsl(engine);
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols(profile.protocols())
                    .keyManager(key, chain.toArray(X509Certificate[]::new))
                    .trustManager(trusted.toArray(X509Certificate[]::new))
                    .endpointIdentificationAlgorithm(profile.sendsServerName() ? "HTTPS" : null);
            if (profile.pinsCipherSuites()) {
                builder.ciphers(profile.cipherSuites());
            }
            if (openSsl && !keyExchangeGroups.isEmpty()) {
                builder.option(OpenSslContextOption.GROUPS, keyExchangeGroups.toArray(String[]::new));
            }
            return new ClientTls(
                    builder.build(), openSsl, openSsl ? List.of() : List.copyOf(keyExchangeGroups), profile);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot use this certificate and key for TLS (" + e.getMessage() + ")", e);
        }
    }

    private static boolean useOpenSsl(TlsEngine engine) {
        return switch (engine) {
            case JDK -> false;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(
                            "netty-tcnative BoringSSL is not available: " + OpenSsl.unavailabilityCause());
                }
                yield true;
            }
            case AUTO -> OpenSsl.isAvailable();
        };
    }

    /**
     * Makes every later connection a full handshake: no session (ticket or ID) is kept for resumption. A load
     * generator measuring the per-handshake cost of a broker needs that; a device does not.
     */
    public ClientTls withoutSessionResumption() {
        SSLSessionContext sessions = context.sessionContext();
        if (sessions instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        } else {
            // The JDK client keeps sessions in this cache only; a timeout of one second lets none be reused later.
            sessions.setSessionTimeout(1);
        }
        return this;
    }

    /** The profile this TLS configuration was built with. */
    public TlsProfile profile() {
        return profile;
    }

    /** Whether connections use netty-tcnative BoringSSL (else the JDK's engine). */
    public boolean openSsl() {
        return openSsl;
    }

    /**
     * A client {@link SslHandler} for one connection. {@code serverName} is sent as SNI (unless it is an IP literal,
     * which SNI cannot carry, RFC 6066 section 3) and must match a SAN of the server's certificate; under
     * {@link TlsProfile#FIRMWARE_WITHOUT_SNI} neither happens (the server chain is still verified).
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String serverName, int port) {
        SslHandler handler = context.newHandler(alloc, serverName, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        if (!profile.sendsServerName()) {
            // An empty list, not null: the JDK would otherwise derive SNI from the peer host it was given.
            parameters.setServerNames(List.of());
            parameters.setEndpointIdentificationAlgorithm(null);
        } else {
            if (!NetUtil.isValidIpV4Address(serverName) && !NetUtil.isValidIpV6Address(serverName)) {
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
            }
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!jdkNamedGroups.isEmpty()) {
            parameters.setNamedGroups(jdkNamedGroups.stream()
                    .map(g -> g.startsWith("P-") ? "secp" + g.substring(2) + "r1" : g.toLowerCase(Locale.ROOT))
                    .toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the " + what + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
