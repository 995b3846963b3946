package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerKeyAdviceTest {
    private static X509Certificate certificate(KeyAlgorithm algorithm) {
        Instant now = Instant.now();
        return CertificateAuthority.selfSigned(
                        Keys.generate(algorithm), "CN=gateway", now.minus(Duration.ofMinutes(1)), now.plusSeconds(3600))
                .certificate();
    }

    @Test
    void anRsaServerKeyIsWarnedAboutBecauseDicBoardsOfferOnlyEcdsaSuites() {
        assertThat(ServerKeyAdvice.forDicFirmware(certificate(KeyAlgorithm.RSA_2048)))
                .hasValueSatisfying(warning -> assertThat(warning)
                        .contains("RSA key")
                        .contains("only ECDHE-ECDSA cipher suites")
                        .contains("--server-cert"));
    }

    @Test
    void anEcServerKeyIsFine() {
        assertThat(ServerKeyAdvice.forDicFirmware(certificate(KeyAlgorithm.EC_P256)))
                .isEmpty();
    }
}
