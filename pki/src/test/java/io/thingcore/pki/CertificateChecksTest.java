package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.pki.TestPki;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateChecksTest {
    private final CertificateAuthority ca = TestPki.ca("CN=Checks CA").as(CertificateAuthority::of);
    private final KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);

    @Test
    void selfSignedCaIsACertificateAuthority() {
        assertThat(CertificateChecks.isCertificateAuthority(ca.certificate())).isTrue();
    }

    @Test
    void v3LeafIsNotACertificateAuthority() {
        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(CertificateChecks.isCertificateAuthority(leaf)).isFalse();
    }

    @Test
    void v1CertificateIsNeverACertificateAuthority() {
        X509Certificate v1Leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.VERSION_1,
                List.of()));
        // A self-signed v1 "root" (the CA's own key and name): RFC 5280 6.1.4 leaves v1 CAs to local policy, and
        // AWS rejects CA certificates without basicConstraints CA:TRUE.
        X509Certificate v1Root = ca.issue(new LeafRequest(
                ca.certificate().getPublicKey(),
                "CN=Checks CA",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.VERSION_1,
                List.of()));

        assertThat(CertificateChecks.isCertificateAuthority(v1Leaf)).isFalse();
        assertThat(CertificateChecks.isSelfSigned(v1Root)).isTrue();
        assertThat(CertificateChecks.isCertificateAuthority(v1Root)).isFalse();
    }

    @Test
    void leafIsSignedByItsCa() {
        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(CertificateChecks.isSignedBy(leaf, ca.certificate())).isTrue();
        assertThat(CertificateChecks.isSelfSigned(leaf)).isFalse();
    }

    @Test
    void fakeRootWithTheSameSubjectButAnotherKeyDidNotSignTheLeaf() {
        CertificateAuthority fake = TestPki.ca("CN=Checks CA").as(CertificateAuthority::of);
        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(fake.certificate().getSubjectX500Principal())
                .isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(CertificateChecks.isSignedBy(leaf, fake.certificate())).isFalse();
    }

    @Test
    void caWithAnotherSubjectDidNotSignTheLeafEvenWithTheSameKey() {
        CertificateAuthority sameKeyOtherName = CertificateAuthority.selfSigned(
                new KeyPair(ca.certificate().getPublicKey(), ca.privateKey()),
                "CN=Other Name",
                TestPki.NOW,
                TestPki.NOW.plus(Duration.ofDays(1)));
        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(CertificateChecks.isSignedBy(leaf, sameKeyOtherName.certificate()))
                .isFalse();
    }

    @Test
    void rsaIssuerVersusEcSignatureGivesFalseNotAnException() {
        CertificateAuthority rsaCa = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.RSA_2048),
                "CN=Checks CA",
                TestPki.NOW,
                TestPki.NOW.plus(Duration.ofDays(1)));
        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(CertificateChecks.isSignedBy(leaf, rsaCa.certificate())).isFalse();
        assertThat(CertificateChecks.isSignedBy(leaf, null)).isFalse();
    }

    @Test
    void selfSignedCaIsSelfSigned() {
        assertThat(CertificateChecks.isSelfSigned(ca.certificate())).isTrue();
    }

    @Test
    void validityIsInclusiveAtBothEnds() {
        Instant notBefore = TestPki.NOW;
        Instant notAfter = TestPki.NOW.plus(Duration.ofDays(30));
        X509Certificate leaf = ca.issue(
                new LeafRequest(device.getPublic(), "CN=leaf", notBefore, notAfter, LeafProfile.CLIENT, List.of()));

        assertThat(CertificateChecks.isValidAt(leaf, notBefore.minusSeconds(1))).isFalse();
        assertThat(CertificateChecks.isValidAt(leaf, notBefore)).isTrue();
        assertThat(CertificateChecks.isValidAt(leaf, notBefore.plus(Duration.ofDays(10))))
                .isTrue();
        assertThat(CertificateChecks.isValidAt(leaf, notAfter)).isTrue();
        assertThat(CertificateChecks.isValidAt(leaf, notAfter.plusSeconds(1))).isFalse();
    }
}
