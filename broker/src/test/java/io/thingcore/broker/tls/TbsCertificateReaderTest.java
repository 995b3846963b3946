package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.thingcore.pki.CertificateIds;
import io.thingcore.testkit.pki.KeyType;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The facts read straight from a registered certificate's DER are the facts the JDK's parse gives, or none (the JDK
 * then reads it): the policy variables of a connection never depend on which of the two read its certificate.
 */
class TbsCertificateReaderTest {
    private static final TestCa CA = TestPki.ca("CN=Reader CA,O=thingcore,C=DE");

    @Test
    void readsWhatTheJdkReadsFromDeviceCertificates() throws Exception {
        Instant now = TestPki.NOW;
        List<X509Certificate> certificates = List.of(
                TestPki.device(CA, "CN=device-1").certificate(),
                TestPki.device(CA, "CN=thing,OU=Sensors,O=Example Fleet,L=Austin,ST=Texas,C=US")
                        .certificate(),
                TestPki.device(CA, "CN=rsa-device", KeyType.RSA_2048).certificate(),
                TestPki.device(CA, "CN=p384-device", KeyType.EC_P384).certificate(),
                // The DIC guide's openssl certificates: X.509 v1, no version field, no extensions.
                TestPki.deviceV1(CA, "CN=matter-device,O=Silicon Labs").certificate(),
                // UTCTime in the 1900s and GeneralizedTime from 2050 (RFC 5280 section 4.1.2.5).
                TestPki.device(
                                CA,
                                "CN=long-lived",
                                Instant.parse("1999-12-31T23:59:59Z"),
                                Instant.parse("2061-01-01T00:00:00Z"))
                        .certificate(),
                TestPki.device(
                                CA,
                                "CN=multi+SERIALNUMBER=0042,O=Acme\\, Inc.",
                                now.minusSeconds(60),
                                now.plusSeconds(60))
                        .certificate(),
                TestPki.device(CA, "CN=Gerät-Ünïcødé,O=Ça va").certificate(),
                withUniqueIdsAndSerial(new BigInteger("123456789012345678901234567890")),
                withUniqueIdsAndSerial(BigInteger.ONE));

        for (X509Certificate certificate : certificates) {
            byte[] der = certificate.getEncoded();
            String id = CertificateIds.sha256Hex(der);

            assertThat(TbsCertificateReader.read(der, id))
                    .as(certificate.getSubjectX500Principal().getName())
                    .isEqualTo(CertificateFacts.of(jdkParse(der), id));
        }
    }

    @Test
    void leavesACertificateWithSubjectAlternativeNamesToTheJdk() throws Exception {
        X509Certificate withNames = TestPki.server(
                CA, KeyType.EC_P256.generate(), "CN=named-device", List.of("device.example.com", "192.0.2.7"));
        byte[] der = withNames.getEncoded();

        assertThat(TbsCertificateReader.read(der, CertificateIds.sha256Hex(der)))
                .isNull();
    }

    @Test
    void damagedBytesAreLeftToTheJdkOrReadAsItReadsThem() throws Exception {
        byte[] genuine =
                TestPki.device(CA, "CN=damaged,O=Example Fleet").certificate().getEncoded();
        int checked = 0;
        for (int length = 0; length < genuine.length; length++) {
            checked += agreesWithTheJdk(Arrays.copyOf(genuine, length));
        }
        for (int i = 0; i < genuine.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] damaged = genuine.clone();
                damaged[i] ^= (byte) flip;
                checked += agreesWithTheJdk(damaged);
            }
        }
        // Flips inside the names, serial number and times still parse on both sides: compared, not just survived.
        assertThat(checked).isGreaterThan(100);
    }

    /** 1 when both read {@code der} (and agree), 0 when either leaves it; fails when they disagree or one throws. */
    private static int agreesWithTheJdk(byte[] der) {
        String id = CertificateIds.sha256Hex(der);
        assertThatCode(() -> TbsCertificateReader.read(der, id)).doesNotThrowAnyException();
        CertificateFacts read = TbsCertificateReader.read(der, id);
        X509Certificate jdk = jdkParseOrNull(der);
        if (read == null || jdk == null) {
            return 0;
        }
        CertificateFacts expected;
        try {
            expected = CertificateFacts.of(jdk, id);
        } catch (RuntimeException e) {
            return 0; // the JDK parsed it but cannot give its names either
        }
        assertThat(read).as("byte %s", Arrays.toString(der)).isEqualTo(expected);
        return 1;
    }

    private static X509Certificate withUniqueIdsAndSerial(BigInteger serial) throws Exception {
        KeyPair keys = KeyType.EC_P256.generate();
        Instant now = TestPki.NOW;
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(CA.certificate().getSubjectX500Principal().getEncoded()),
                serial,
                Date.from(now.minusSeconds(3600)),
                Date.from(now.plusSeconds(3600)),
                new X500Name("CN=unique-ids"),
                keys.getPublic());
        builder.setIssuerUniqueID(new boolean[] {true, false, true});
        builder.setSubjectUniqueID(new boolean[] {false, true});
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.privateKey())));
    }

    private static X509Certificate jdkParse(byte[] der) throws CertificateException {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static @Nullable X509Certificate jdkParseOrNull(byte[] der) {
        try {
            return jdkParse(der);
        } catch (CertificateException | RuntimeException e) {
            return null;
        }
    }
}
