package io.thingcore.cli.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.server.ConnectionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How many MQTT clients a running gateway has, asked as its web console asks: sign in with the connection file's
 * access key ({@code POST /console/session}), {@code GET /console/gateway/connections}, sign out. Over HTTPS the
 * gateway's server CA from the connection file is the only trust anchor.
 */
public final class ConnectedClients {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ConnectedClients() {}

    /** The number of connected clients, or empty when the gateway cannot be asked. */
    public static OptionalInt count(ConnectionInfo connection) {
        String origin = connection.apiEndpoint();
        try (HttpClient http = client(connection)) {
            ObjectNode credentials = JSON.createObjectNode()
                    .put("accessKeyId", connection.accessKeyId())
                    .put("secretAccessKey", connection.secretAccessKey());
            HttpResponse<String> signIn = http.send(
                    request(origin, "/console/session")
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(credentials)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = signIn.headers().firstValue("set-cookie").orElse("");
            if (signIn.statusCode() != 200 || cookie.isEmpty()) {
                return OptionalInt.empty();
            }
            String session = cookie.split(";", 2)[0];
            String csrf = JSON.readTree(signIn.body()).path("csrfToken").asText();
            try {
                HttpResponse<String> list = http.send(
                        request(origin, "/console/gateway/connections")
                                .header("cookie", session)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(list.body());
                JsonNode items = body.isArray() ? body : body.path("connections");
                return list.statusCode() == 200 && items.isArray() ? OptionalInt.of(items.size()) : OptionalInt.empty();
            } finally {
                http.send(
                        request(origin, "/console/session")
                                .header("cookie", session)
                                .header("x-thingcore-csrf", csrf)
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    private static HttpRequest.Builder request(String origin, String path) {
        // The console answers same-origin requests only.
        return HttpRequest.newBuilder(URI.create(origin + path))
                .timeout(TIMEOUT)
                .header("origin", origin);
    }

    private static HttpClient client(ConnectionInfo connection) throws IOException, GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (connection.apiEndpoint().startsWith("https:")) {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(connection.serverCaFile()))) {
                anchors.setCertificateEntry(
                        "thingcore-server-ca",
                        CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            builder.sslContext(tls);
        }
        return builder.build();
    }
}
