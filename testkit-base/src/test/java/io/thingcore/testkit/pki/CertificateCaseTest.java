package io.thingcore.testkit.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Each certificate of the catalogue is what its name says, checked with the JDK alone. */
class CertificateCaseTest {
    private static final TestCa CA = TestPki.ca("CN=Catalogue CA,O=thingcore");

    private static X509Certificate issue(CertificateCase kind) {
        return kind.issue(CA, "CN=" + kind.name().toLowerCase(Locale.ROOT)).certificate();
    }

    @Test
    void theValidOnesAreV3ClientCertificatesSignedByTheCa() throws Exception {
        for (CertificateCase kind :
                List.of(CertificateCase.VALID_EC, CertificateCase.VALID_RSA, CertificateCase.REVOKED)) {
            X509Certificate certificate = issue(kind);
            certificate.verify(CA.certificate().getPublicKey());
            certificate.checkValidity();
            assertThat(certificate.getVersion()).isEqualTo(3);
            assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
            assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
            assertThat(certificate.getIssuerX500Principal()).isEqualTo(CA.subject());
        }
        assertThat(issue(CertificateCase.VALID_EC).getPublicKey().getAlgorithm())
                .isEqualTo("EC");
        assertThat(issue(CertificateCase.VALID_RSA).getPublicKey().getAlgorithm())
                .isEqualTo("RSA");
    }

    @Test
    void versionOneHasNoExtensionsAsOpensslMakesIt() throws Exception {
        X509Certificate certificate = issue(CertificateCase.VERSION_1);
        certificate.verify(CA.certificate().getPublicKey());
        assertThat(certificate.getVersion()).isEqualTo(1);
        assertThat(certificate.getCriticalExtensionOIDs()).isNull();
        assertThat(certificate.getNonCriticalExtensionOIDs()).isNull();
    }

    @Test
    void expiredAndNotYetValidAreOutsideTheirValidityNow() {
        Date now = new Date(System.currentTimeMillis());
        assertThat(issue(CertificateCase.EXPIRED).getNotAfter()).isBefore(now);
        assertThat(issue(CertificateCase.NOT_YET_VALID).getNotBefore()).isAfter(now);
    }

    @Test
    void theFakeRootHasTheCasSubjectButNotItsKey() {
        X509Certificate certificate = issue(CertificateCase.FAKE_ROOT);
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(CA.subject());
        assertThatThrownBy(() -> certificate.verify(CA.certificate().getPublicKey()))
                .isInstanceOf(java.security.SignatureException.class);
        X509Certificate unknown = issue(CertificateCase.UNKNOWN_CA);
        assertThat(unknown.getIssuerX500Principal()).isNotEqualTo(CA.subject());
    }

    @Test
    void wrongKeyUsageCannotBeATlsClient() throws Exception {
        X509Certificate certificate = issue(CertificateCase.WRONG_KEY_USAGE);
        certificate.verify(CA.certificate().getPublicKey());
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isFalse();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void namesAreEncodedAsTheJdkAndOpensslEncodeThem() {
        assertThat(TestPki.ca("CN=DIC CA,O=Example").subject().getName()).isEqualTo("CN=DIC CA,O=Example");
        assertThat(TestPki.device(CA, "CN=device,O=Example")
                        .certificate()
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=device,O=Example");
    }

    @Test
    void registrationSaysHowTheTestRegistersEachCase() {
        assertThat(CertificateCase.REVOKED.registration()).isEqualTo(CertificateCase.Registration.REVOKED);
        assertThat(CertificateCase.UNKNOWN_CA.registration()).isEqualTo(CertificateCase.Registration.NONE);
        assertThat(CertificateCase.FAKE_ROOT.registration()).isEqualTo(CertificateCase.Registration.NONE);
        assertThat(CertificateCase.EXPIRED.registration()).isEqualTo(CertificateCase.Registration.ACTIVE);
    }

    @Test
    void theServerSideTrustsOnlyItsOwnCa() throws Exception {
        TestPki pki = new TestPki();
        pki.serverCertificate.verify(pki.serverCa.certificate().getPublicKey());
        assertThat(pki.serverCertificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactly("localhost", "127.0.0.1");
        assertThat(pki.clientContext(TestPki.device(CA, "CN=client")).getProtocol())
                .isEqualTo("TLS");
    }
}
