package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.pki.TestPki;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CertificateIdsTest {

    @Test
    void sha256HexIsLowercaseHexOfTheDigest() {
        // FIPS 180-2 appendix B.1 test vector.
        assertThat(CertificateIds.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void certificateIdIsTheSha256OfTheDerAnd64LowercaseHexCharacters() throws Exception {
        CertificateAuthority ca = TestPki.ca("CN=Id CA").as(CertificateAuthority::of);

        String id = CertificateIds.of(ca.certificate());

        assertThat(id)
                .matches("[0-9a-f]{64}")
                .isEqualTo(CertificateIds.sha256Hex(ca.certificate().getEncoded()));
    }

    @Test
    void certificateIdSurvivesAPemRoundTrip() {
        CertificateAuthority ca = TestPki.ca("CN=Id CA").as(CertificateAuthority::of);

        assertThat(CertificateIds.of(Pem.readCertificate(Pem.write(ca.certificate()))))
                .isEqualTo(CertificateIds.of(ca.certificate()));
    }
}
