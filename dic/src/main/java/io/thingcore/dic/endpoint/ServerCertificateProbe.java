package io.thingcore.dic.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Reads the certificate chain an MQTT over TLS server presents, the one a board will see, without authenticating:
 * the handshake is abandoned as soon as the chain arrives (before any client certificate is sent), so the server
 * registers nothing. The gateway logs one refused handshake for it.
 */
public final class ServerCertificateProbe {
    private ServerCertificateProbe() {}

    /** The chain {@code host:port} presents, leaf first; empty when the server cannot be reached in {@code timeout}. */
    public static Optional<List<X509Certificate>> fetch(String host, int port, Duration timeout) {
        Capture capture = new Capture();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {capture}, null);
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                plain.setSoTimeout((int) timeout.toMillis());
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                    tls.startHandshake();
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            // Expected: the capture aborts the handshake once it has the chain.
        }
        return Optional.ofNullable(capture.chain);
    }

    /** Records the server's chain and ends the handshake there. */
    private static final class Capture implements X509TrustManager {
        private volatile @Nullable List<X509Certificate> chain;

        @Override
        public void checkServerTrusted(X509Certificate[] presented, String authType) throws CertificateException {
            chain = List.of(presented);
            throw new CertificateException("chain captured; handshake abandoned on purpose");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] presented, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
