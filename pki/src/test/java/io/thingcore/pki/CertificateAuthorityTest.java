package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.testkit.pki.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @Test
    void selfSignedCaIsV3WithCriticalCaTrueAndCertSignKeyUsage() {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        CertificateAuthority ca = CertificateAuthority.selfSigned(
                keys, "CN=DIC CA", TestPki.NOW, TestPki.NOW.plus(Duration.ofDays(1826)));
        X509Certificate certificate = ca.certificate();

        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=DIC CA");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(certificate.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(certificate.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
        assertThat(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                .isNotNull();
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(TestPki.NOW);
        assertThat(CertificateChecks.isSelfSigned(certificate)).isTrue();
        assertThat(ca.privateKey()).isEqualTo(keys.getPrivate());
    }

    @Test
    void rsaCaSignsWithSha256WithRsa() {
        CertificateAuthority ca = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.RSA_2048), "CN=RSA CA", TestPki.NOW, TestPki.NOW.plus(Duration.ofDays(1)));

        assertThat(ca.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void serialsArePositiveRandomAndAtMost20Octets() {
        CertificateAuthority ca = TestPki.ca("CN=Serials").as(CertificateAuthority::of);
        BigInteger first = ca.certificate().getSerialNumber();
        BigInteger second = ca.issue(new LeafRequest(
                        Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                        "CN=x",
                        TestPki.NOW.minus(Duration.ofHours(1)),
                        TestPki.NOW.plus(Duration.ofDays(360)),
                        LeafProfile.CLIENT,
                        List.of()))
                .getSerialNumber();

        for (BigInteger serial : List.of(first, second)) {
            assertThat(serial.signum()).isEqualTo(1);
            assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
            assertThat(serial.bitLength()).isGreaterThan(64);
        }
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void clientLeafHasClientAuthCaFalseAndAkiEqualToTheCaSki() throws Exception {
        CertificateAuthority ca = TestPki.ca("CN=Client CA").as(CertificateAuthority::of);
        KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);

        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=DIC_2",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(leaf.getVersion()).isEqualTo(3);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()).startsWith(true, false, false);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(leaf.getPublicKey()).isEqualTo(device.getPublic());
        assertThat(akiKeyId(leaf)).isEqualTo(skiKeyId(ca.certificate()));
        assertThat(CertificateChecks.isSignedBy(leaf, ca.certificate())).isTrue();
    }

    @Test
    void rsaClientLeafAlsoAllowsKeyEncipherment() {
        CertificateAuthority ca = TestPki.ca("CN=Client CA").as(CertificateAuthority::of);

        X509Certificate leaf = ca.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.RSA_2048).getPublic(),
                "CN=rsa",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));

        assertThat(leaf.getKeyUsage()).startsWith(true, false, true);
    }

    @Test
    void serverLeafHasServerAuthAndDnsAndIpSubjectAltNames() throws Exception {
        CertificateAuthority ca = TestPki.ca("CN=Server CA").as(CertificateAuthority::of);

        X509Certificate leaf = ca.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                "CN=gateway.example",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.SERVER,
                List.of("gateway.example", "*.gateway.example", "127.0.0.1", "::1")));

        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "gateway.example"),
                        List.of(2, "*.gateway.example"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void version1LeafHasNoExtensionsLikeOpensslX509Req() {
        CertificateAuthority ca = TestPki.ca("CN=DIC CA").as(CertificateAuthority::of);
        KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);

        X509Certificate leaf = ca.issue(LeafRequest.version1(device.getPublic(), "CN=DIC_2", Duration.ofDays(360)));

        assertThat(leaf.getVersion()).isEqualTo(1);
        assertThat(leaf.getCriticalExtensionOIDs()).isNull();
        assertThat(leaf.getNonCriticalExtensionOIDs()).isNull();
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(CertificateChecks.isSignedBy(leaf, ca.certificate())).isTrue();
        assertThat(Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(360));
    }

    @Test
    void version1LeafCannotCarrySubjectAltNames() {
        KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);

        assertThatThrownBy(() -> new LeafRequest(
                        device.getPublic(),
                        "CN=x",
                        TestPki.NOW.minus(Duration.ofHours(1)),
                        TestPki.NOW.plus(Duration.ofDays(360)),
                        LeafProfile.VERSION_1,
                        List.of("host")))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("v1 certificates cannot carry subjectAltNames");
    }

    @Test
    void emptyValidityIsRejected() {
        KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);

        assertThatThrownBy(() -> new LeafRequest(
                        device.getPublic(), "CN=x", TestPki.NOW, TestPki.NOW, LeafProfile.CLIENT, List.of()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("validity is empty");
    }

    @Test
    void malformedSubjectDnIsRejected() {
        CertificateAuthority ca = TestPki.ca("CN=DN CA").as(CertificateAuthority::of);

        assertThatThrownBy(() -> ca.issue(new LeafRequest(
                        Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                        "not a dn",
                        TestPki.NOW.minus(Duration.ofHours(1)),
                        TestPki.NOW.plus(Duration.ofDays(360)),
                        LeafProfile.CLIENT,
                        List.of())))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("subject DN \"not a dn\" is malformed");
    }

    @Test
    void nonAsciiDnsNameIsRejected() {
        CertificateAuthority ca = TestPki.ca("CN=SAN CA").as(CertificateAuthority::of);

        assertThatThrownBy(() -> ca.issue(new LeafRequest(
                        Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                        "CN=x",
                        TestPki.NOW.minus(Duration.ofHours(1)),
                        TestPki.NOW.plus(Duration.ofDays(360)),
                        LeafProfile.SERVER,
                        List.of("bücher.example"))))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("bücher.example");
    }

    @Test
    void ofAcceptsTheMatchingKeyAndRejectsAnotherKey() {
        CertificateAuthority ca = TestPki.ca("CN=Of CA").as(CertificateAuthority::of);

        assertThat(CertificateAuthority.of(ca.certificate(), ca.privateKey()).certificate())
                .isEqualTo(ca.certificate());
        assertThatThrownBy(() -> CertificateAuthority.of(
                        ca.certificate(), Keys.generate(KeyAlgorithm.EC_P256).getPrivate()))
                .isInstanceOf(PkiException.class)
                .hasMessage("the private key does not belong to the CA certificate CN=Of CA");
    }

    @Test
    void caLoadedWithOfIssuesCertificatesThatChainToIt() {
        CertificateAuthority original = TestPki.ca("CN=Reloaded CA").as(CertificateAuthority::of);
        CertificateAuthority reloaded = CertificateAuthority.of(
                Pem.readCertificate(Pem.write(original.certificate())),
                Pem.readPrivateKey(Pem.writeSec1(original.privateKey())));

        X509Certificate leaf = reloaded.issue(
                LeafRequest.client(Keys.generate(KeyAlgorithm.EC_P256).getPublic(), "CN=x", Duration.ofDays(1)));

        assertThat(CertificateChecks.isSignedBy(leaf, original.certificate())).isTrue();
    }

    @Test
    void issuingForAnUnsupportedKeyIsRejected() throws Exception {
        CertificateAuthority ca = TestPki.ca("CN=Strict CA").as(CertificateAuthority::of);
        KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        assertThatThrownBy(() -> ca.issue(new LeafRequest(
                        ed.getPublic(),
                        "CN=ed",
                        TestPki.NOW.minus(Duration.ofHours(1)),
                        TestPki.NOW.plus(Duration.ofDays(360)),
                        LeafProfile.CLIENT,
                        List.of())))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not supported");
    }

    static byte[] skiKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(value).getOctets())
                .getKeyIdentifier();
    }

    static byte[] akiKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(value).getOctets())
                .getKeyIdentifierObject()
                .getOctets();
    }
}
