package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.broker.SniRule;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.pki.CertificateIds;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A device that connects again: its certificate's facts come from {@link CertificateFactsCache} (issue 14), but the
 * registry is asked at every handshake, so a change between two connections decides the second.
 */
class RegistryTrustManagerTest {
    private static final TestCa CA = TestPki.ca("CN=Reconnect CA,O=thingcore");

    private final TestDirectory directory = new TestDirectory();
    private final String caId = directory
            .registerCa(CA.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT)
            .caCertificateId();
    private final RegistryTrustManager trustManager = new RegistryTrustManager(
            new CertificateAuthenticator(directory, List.of("iot.thingcore.test"), SniRule.LENIENT, Clock.systemUTC()),
            false);

    @AfterEach
    void close() {
        directory.close();
    }

    @Test
    void aCertificateRevokedAfterItsDeviceConnectedIsRefusedAtTheNextHandshake() {
        Device device = TestPki.device(CA, "CN=reconnecting-device");
        directory.register(device.certificate(), caId, CertificateStatus.ACTIVE, List.of());
        X509Certificate[] chain = {device.certificate()};
        assertThatCode(() -> trustManager.checkClientTrusted(chain, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();

        directory.setStatus(CertificateIds.of(device.certificate()), CertificateStatus.REVOKED);

        assertThatThrownBy(() -> trustManager.checkClientTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOfSatisfying(
                        RefusedCertificateException.class,
                        refused -> assertThat(refused.kind()).isEqualTo(RefusalReason.CERTIFICATE_REVOKED));
    }

    @Test
    void anUnknownCertificateIsRefusedEveryTimeItIsPresented() {
        X509Certificate[] chain = {TestPki.device(CA, "CN=never-registered").certificate()};
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> trustManager.checkClientTrusted(chain, "ECDHE_ECDSA"))
                    .isInstanceOfSatisfying(
                            RefusedCertificateException.class,
                            refused -> assertThat(refused.kind()).isEqualTo(RefusalReason.CERTIFICATE_UNKNOWN));
        }
    }

    @Test
    void aReconnectingDeviceIsReadAsOnItsFirstConnection() throws CertificateException {
        Device device = TestPki.device(CA, "CN=same-identity,O=Example Fleet");
        CertificateFactsCache cache = new CertificateFactsCache();

        PresentedCertificate first =
                PresentedCertificate.read(device.certificate(), null, "192.0.2.1", cache, id -> false);
        PresentedCertificate again =
                PresentedCertificate.read(device.certificate(), "iot.thingcore.test", "192.0.2.2", cache, id -> false);

        assertThat(again.peer())
                .isEqualTo(new PeerCertificate(
                        first.certificateId(),
                        first.peer().subject(),
                        first.peer().issuer(),
                        first.peer().subjectAlternativeNames(),
                        first.peer().serialNumber(),
                        "iot.thingcore.test",
                        "192.0.2.2"));
        assertThat(again.peer().commonName()).isEqualTo("same-identity");
        assertThat(again.certificate().getEncoded())
                .isEqualTo(device.certificate().getEncoded());
    }

    @Test
    void aRegisteredDeviceIsReadFromItsDerAsTheJdkReadsIt() throws CertificateException {
        Device device = TestPki.device(CA, "CN=registered-device,O=Example Fleet");
        directory.register(device.certificate(), caId, CertificateStatus.ACTIVE, List.of());
        CertificateAuthenticator authenticator =
                new CertificateAuthenticator(directory, List.of(), SniRule.LENIENT, Clock.systemUTC());

        PresentedCertificate registered = PresentedCertificate.read(
                device.certificate(), null, null, new CertificateFactsCache(), authenticator::isRegistered);
        PresentedCertificate parsed = PresentedCertificate.parse(device.certificate(), null, null);

        assertThat(registered.facts()).isEqualTo(parsed.facts());
        assertThat(authenticator.authenticate(registered)).isInstanceOf(AuthenticationResult.Accepted.class);
    }

    @Test
    void theCacheKeepsTheMostRecentlyPresentedUpToItsCapacity() throws CertificateException {
        CertificateFactsCache cache = new CertificateFactsCache(2);
        Device a = TestPki.device(CA, "CN=a");
        Device b = TestPki.device(CA, "CN=b");
        Device c = TestPki.device(CA, "CN=c");

        PresentedCertificate.read(a.certificate(), null, null, cache, id -> false);
        PresentedCertificate.read(b.certificate(), null, null, cache, id -> false);
        PresentedCertificate.read(a.certificate(), null, null, cache, id -> false); // a is now the most recent
        PresentedCertificate.read(c.certificate(), null, null, cache, id -> false); // b goes

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(CertificateIds.of(a.certificate()))).isNotNull();
        assertThat(cache.get(CertificateIds.of(b.certificate()))).isNull();
        assertThat(cache.get(CertificateIds.of(c.certificate()))).isNotNull();
    }
}
