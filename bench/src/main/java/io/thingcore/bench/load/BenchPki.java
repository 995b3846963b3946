package io.thingcore.bench.load;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The benchmark's PKI, made at run time (no keys committed): one EC P-256 CA, N distinct client certificates (so no
 * certificate cache on either broker hides the per-handshake cost) whose CN is the MQTT client ID, and a server
 * certificate for mosquitto ({@code localhost}). thingcore and mosquitto trust the same CA.
 */
public final class BenchPki {
    /** One device: its client ID (= certificate CN), certificate and key. */
    public record Device(String clientId, X509Certificate certificate, PrivateKey key) {}

    private final CertificateAuthority ca;
    private final List<Device> devices;

    private BenchPki(CertificateAuthority ca, List<Device> devices) {
        this.ca = ca;
        this.devices = devices;
    }

    /** Makes the CA and {@code count} client certificates, in parallel (about a millisecond each). */
    public static BenchPki create(int count) {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=thingcore bench CA",
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(30)));
        List<Device> devices = IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> {
                    String id = clientId(i);
                    KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
                    X509Certificate cert =
                            ca.issue(LeafRequest.client(keys.getPublic(), "CN=" + id, Duration.ofDays(30)));
                    return new Device(id, cert, keys.getPrivate());
                })
                .toList();
        return new BenchPki(ca, devices);
    }

    static String clientId(int i) {
        return String.format(Locale.ROOT, "dev-%05d", i);
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public List<Device> devices() {
        return devices;
    }

    /**
     * Writes {@code ca.pem}, {@code server.pem} and {@code server.key} (a {@code localhost} server certificate from
     * the same CA) into {@code dir}, for mosquitto.
     */
    public void writeServerFiles(Path dir) {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        X509Certificate server = ca.issue(LeafRequest.server(
                keys.getPublic(), "CN=localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(30)));
        try {
            Files.writeString(dir.resolve("ca.pem"), Pem.write(ca.certificate()));
            Files.writeString(dir.resolve("server.pem"), Pem.write(server));
            Files.writeString(dir.resolve("server.key"), Pem.writePkcs8(keys.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
