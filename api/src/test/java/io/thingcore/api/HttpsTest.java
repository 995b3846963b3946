package io.thingcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.thingcore.registry.Registry;
import io.thingcore.testkit.pki.KeyType;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The optional {@link SslContext}: the same API over HTTPS, with a server certificate made at run time. */
class HttpsTest {
    @Test
    void servesOverTlsWithTheGivenSslContext() throws Exception {
        TestCa ca = TestPki.ca("CN=thingcore test server CA");
        KeyPair serverKeys = KeyType.EC_P256.generate();
        X509Certificate serverCertificate = TestPki.server(ca, serverKeys, "CN=localhost", List.of("localhost"));
        SslContext sslContext = SslContextBuilder.forServer(
                        serverKeys.getPrivate(), serverCertificate, ca.certificate())
                .build();
        Registry registry = (Registry)
                Proxy.newProxyInstance(Registry.class.getClassLoader(), new Class<?>[] {Registry.class}, (p, m, a) -> {
                    throw new AssertionError("no registry call expected");
                });
        ApiConfig config = new ApiConfig(
                "127.0.0.1",
                0,
                sslContext,
                TestGateway.ACCOUNT,
                "AKIA",
                "secret",
                List.of("localhost"),
                false,
                Clock.systemUTC());

        try (ApiServer server = ApiServer.start(config, registry)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            try (HttpClient client = HttpClient.newBuilder().sslContext(tls).build()) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/things"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(403);
                assertThat(response.headers().firstValue("x-amzn-ErrorType"))
                        .contains("MissingAuthenticationTokenException");
                assertThat(response.body()).contains("Missing Authentication Token");
            }
        }
    }
}
