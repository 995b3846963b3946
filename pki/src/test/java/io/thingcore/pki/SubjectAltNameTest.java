package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectAltNameTest {
    private static final KeyPair KEYS = Keys.generate(KeyAlgorithm.EC_P256);
    private static final CertificateAuthority CA = CertificateAuthority.selfSigned(
            KEYS,
            "CN=SAN test CA",
            Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(1)));

    @Test
    void readsDnsNamesAndIpAddressesWithTheirTypes() {
        var server = CA.issue(LeafRequest.server(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                "CN=gw",
                List.of("gw.example.test", "127.0.0.1"),
                Duration.ofDays(1)));
        assertThat(SubjectAltName.of(server))
                .containsExactly(
                        new SubjectAltName(SubjectAltName.DNS_NAME, "gw.example.test"),
                        new SubjectAltName(SubjectAltName.IP_ADDRESS, "127.0.0.1"));
    }

    @Test
    void aVersion1CertificateHasNone() {
        var device = CA.issue(
                LeafRequest.version1(Keys.generate(KeyAlgorithm.EC_P256).getPublic(), "CN=DIC_2", Duration.ofDays(1)));
        assertThat(SubjectAltName.of(device)).isEmpty();
    }
}
