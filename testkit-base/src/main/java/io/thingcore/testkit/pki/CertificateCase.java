package io.thingcore.testkit.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The catalogue of device certificates a gateway meets, the good and the bad, each made against the CA that the test
 * registered. What AWS IoT does with each is the tests' business; what each is, is fixed here (AWS IoT Developer
 * Guide, "X.509 client certificates" and "Register a client certificate").
 */
public enum CertificateCase {
    /** A v3 TLS client certificate with an EC P-256 key, as CreateKeysAndCertificate issues. */
    VALID_EC(Registration.ACTIVE),
    /** A v3 TLS client certificate with an RSA 2048 key. */
    VALID_RSA(Registration.ACTIVE),
    /** An X.509 v1 certificate without extensions, as {@code openssl x509 -req} makes (the Silicon Labs DIC guide). */
    VERSION_1(Registration.ACTIVE),
    /** Its validity ended yesterday. */
    EXPIRED(Registration.ACTIVE),
    /** Its validity starts tomorrow. */
    NOT_YET_VALID(Registration.ACTIVE),
    /** A valid certificate, registered and then revoked (UpdateCertificate {@code REVOKED}). */
    REVOKED(Registration.REVOKED),
    /** Issued by a CA that was never registered. */
    UNKNOWN_CA(Registration.NONE),
    /** Issued by a "fake root": a CA with the registered CA's subject but another key. */
    FAKE_ROOT(Registration.NONE),
    /** keyUsage keyCertSign only and extendedKeyUsage serverAuth only: not a TLS client certificate. */
    WRONG_KEY_USAGE(Registration.ACTIVE);

    /** How the test is to register the certificate. */
    public enum Registration {
        /** Registered ACTIVE under the CA it was issued against. */
        ACTIVE,
        /** Registered under that CA, then REVOKED. */
        REVOKED,
        /** Not registered (its CA is not either). */
        NONE
    }

    private final Registration registration;

    CertificateCase(Registration registration) {
        this.registration = registration;
    }

    public Registration registration() {
        return registration;
    }

    /** Makes this case's certificate for a device named {@code subjectDn}, against the registered {@code ca}. */
    public Device issue(TestCa ca, String subjectDn) {
        Instant now = Clock.systemUTC().instant();
        return switch (this) {
            case VALID_EC, REVOKED -> TestPki.device(ca, subjectDn);
            case VALID_RSA -> TestPki.device(ca, subjectDn, KeyType.RSA_2048);
            case VERSION_1 -> TestPki.deviceV1(ca, subjectDn);
            case EXPIRED ->
                TestPki.device(ca, subjectDn, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
            case NOT_YET_VALID ->
                TestPki.device(ca, subjectDn, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
            case UNKNOWN_CA -> TestPki.device(TestPki.ca("CN=Unregistered CA"), subjectDn);
            case FAKE_ROOT -> TestPki.device(TestPki.impostorOf(ca), subjectDn);
            case WRONG_KEY_USAGE -> TestPki.wrongKeyUsage(ca, subjectDn);
        };
    }
}
