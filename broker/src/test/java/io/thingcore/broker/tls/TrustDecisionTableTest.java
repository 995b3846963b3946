package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.SniRule;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.testkit.pki.CertificateCase;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trust decision ({@link CertificateAuthenticator}) as a table: one row per case, from what the registry holds
 * (the device certificate's status, its CA's status and mode, auto-registration), what the client presents (a
 * certificate from the catalogue, an SNI) and the gateway's {@code --sni-rule}, to the decision. The rules come from
 * the AWS IoT Developer Guide pages named in the table's comments; where thingcore departs from AWS on purpose the
 * comment says so and names the ADR.
 *
 * <p>Columns: {@code certificate} is the registered status, or {@code unknown} when the certificate is not
 * registered; {@code ca} is the CA's status, {@code DELETED} when the certificate's CA was registered and then
 * removed, or {@code -} when there is no CA; {@code mode} is the CA's certificate mode, or {@code none} for a
 * certificate registered without a CA; {@code sni} is {@code present} (one of the gateway's host names),
 * {@code absent} or {@code wrong} (another name); {@code made as} is the certificate's {@link CertificateCase}.
 */
class TrustDecisionTableTest {
    private static final String HOST = "iot.thingcore.test";
    private static final TestCa CA = TestPki.ca("CN=Trust Table CA,O=thingcore");

    private final TestDirectory directory = new TestDirectory();

    enum Decision {
        /** Accepted. */
        ACCEPTED,
        /** Accepted although the certificate is SNI_ONLY and no SNI came (lenient rule): the gateway warns. */
        ACCEPTED_WITH_WARNING,
        /** Refused with a TLS alert. */
        REFUSED,
        /** Unknown, under an ACTIVE CA with auto-registration: registered PENDING_ACTIVATION, then closed (JITR). */
        REGISTER_JUST_IN_TIME,
        /** Still PENDING_ACTIVATION under a CA with auto-registration: the event again, then closed. */
        STILL_PENDING
    }

    @AfterEach
    void close() {
        directory.close();
    }

    @ParameterizedTest(name = "[{index}] {argumentsWithNames}")
    @CsvSource(delimiter = '|', useHeadersInDisplayName = true, textBlock = """
    certificate        | ca       | mode     | auto-registration | sni     | sni rule | made as         | decision
    # "X.509 client certificates": AWS IoT validates the presented certificate's status against its registry;
    # "Activate or deactivate a client certificate": it must be active when it authenticates a connection.
    ACTIVE             | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | ACCEPTED
    INACTIVE           | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | REFUSED
    REVOKED            | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | REVOKED         | REFUSED
    PENDING_TRANSFER   | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | REFUSED
    PENDING_ACTIVATION | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | REFUSED
    REGISTER_INACTIVE  | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | REFUSED
    # "X.509 client certificates": SHA256WITHRSA and ECDSA-WITH-SHA256 signatures are supported; X.509 v1
    # certificates, as the Silicon Labs DIC guide's openssl x509 -req makes them, register and connect.
    ACTIVE             | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_RSA       | ACCEPTED
    ACTIVE             | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VERSION_1       | ACCEPTED
    # Validity is checked at every connection, registered or not.
    ACTIVE             | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | EXPIRED         | REFUSED
    ACTIVE             | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | NOT_YET_VALID   | REFUSED
    # "Register a client certificate": a CA's status governs registering certificates under it, not connecting
    # with those already registered (docs/security.md, "Certificates"); the CA must still be registered.
    ACTIVE             | INACTIVE | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | ACCEPTED
    ACTIVE             | DELETED  | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | REFUSED
    # A DEFAULT-mode certificate needs no SNI under either rule; its SNI is not looked at.
    ACTIVE             | ACTIVE   | DEFAULT  | off               | absent  | STRICT   | VALID_EC        | ACCEPTED
    ACTIVE             | ACTIVE   | DEFAULT  | off               | wrong   | STRICT   | VALID_EC        | ACCEPTED
    # "Manage client certificates with multi-account registration" and "Server Name Indication": a certificate under
    # an SNI_ONLY CA, or registered without a CA, must send SNI naming the endpoint. Without SNI the lenient rule
    # accepts and warns (ADR 4); a wrong SNI is refused under both rules.
    ACTIVE             | ACTIVE   | SNI_ONLY | off               | present | STRICT   | VALID_EC        | ACCEPTED
    ACTIVE             | ACTIVE   | SNI_ONLY | off               | absent  | STRICT   | VALID_EC        | REFUSED
    ACTIVE             | ACTIVE   | SNI_ONLY | off               | absent  | LENIENT  | VALID_EC        | ACCEPTED_WITH_WARNING
    ACTIVE             | ACTIVE   | SNI_ONLY | off               | wrong   | LENIENT  | VALID_EC        | REFUSED
    ACTIVE             | ACTIVE   | SNI_ONLY | off               | wrong   | STRICT   | VALID_EC        | REFUSED
    ACTIVE             | -        | none     | -                 | present | STRICT   | VALID_EC        | ACCEPTED
    ACTIVE             | -        | none     | -                 | present | LENIENT  | VERSION_1       | ACCEPTED
    ACTIVE             | -        | none     | -                 | absent  | STRICT   | VALID_EC        | REFUSED
    ACTIVE             | -        | none     | -                 | absent  | LENIENT  | VALID_EC        | ACCEPTED_WITH_WARNING
    ACTIVE             | -        | none     | -                 | wrong   | LENIENT  | VALID_EC        | REFUSED
    REVOKED            | -        | none     | -                 | present | STRICT   | REVOKED         | REFUSED
    ACTIVE             | -        | none     | -                 | present | STRICT   | EXPIRED         | REFUSED
    # "Register a client certificate" (just-in-time registration): an unknown certificate is registered
    # PENDING_ACTIVATION only under an ACTIVE CA with auto-registration on, signed by that CA's key, and valid now.
    unknown            | ACTIVE   | DEFAULT  | off               | absent  | LENIENT  | VALID_EC        | REFUSED
    unknown            | ACTIVE   | DEFAULT  | on                | absent  | LENIENT  | VALID_EC        | REGISTER_JUST_IN_TIME
    unknown            | ACTIVE   | DEFAULT  | on                | absent  | STRICT   | VERSION_1       | REGISTER_JUST_IN_TIME
    unknown            | INACTIVE | DEFAULT  | on                | absent  | LENIENT  | VALID_EC        | REFUSED
    unknown            | ACTIVE   | DEFAULT  | on                | absent  | LENIENT  | EXPIRED         | REFUSED
    unknown            | ACTIVE   | DEFAULT  | on                | absent  | LENIENT  | NOT_YET_VALID   | REFUSED
    unknown            | ACTIVE   | DEFAULT  | on                | absent  | LENIENT  | FAKE_ROOT       | REFUSED
    unknown            | ACTIVE   | DEFAULT  | on                | absent  | LENIENT  | UNKNOWN_CA      | REFUSED
    unknown            | -        | none     | -                 | present | STRICT   | VALID_EC        | REFUSED
    unknown            | ACTIVE   | SNI_ONLY | on                | present | STRICT   | VALID_EC        | REGISTER_JUST_IN_TIME
    unknown            | ACTIVE   | SNI_ONLY | on                | absent  | LENIENT  | VALID_EC        | REGISTER_JUST_IN_TIME
    unknown            | ACTIVE   | SNI_ONLY | on                | absent  | STRICT   | VALID_EC        | REFUSED
    unknown            | ACTIVE   | SNI_ONLY | on                | wrong   | LENIENT  | VALID_EC        | REFUSED
    # A certificate left PENDING_ACTIVATION by just-in-time registration: each new attempt publishes the event
    # again and is closed, as long as its CA is ACTIVE with auto-registration on; otherwise it is refused.
    PENDING_ACTIVATION | ACTIVE   | DEFAULT  | on                | absent  | LENIENT  | VALID_EC        | STILL_PENDING
    PENDING_ACTIVATION | INACTIVE | DEFAULT  | on                | absent  | LENIENT  | VALID_EC        | REFUSED
    """)
    void decides(
            String certificate,
            String ca,
            String mode,
            String autoRegistration,
            String sni,
            SniRule sniRule,
            CertificateCase madeAs,
            Decision decision)
            throws CertificateException {
        String caId = null;
        if (!mode.equals("none")) {
            caId = directory
                    .registerCa(
                            CA.certificate(),
                            ca.equals("INACTIVE") ? CaStatus.INACTIVE : CaStatus.ACTIVE,
                            autoRegistration.equals("on"),
                            CertificateMode.valueOf(mode))
                    .caCertificateId();
        }
        Device device = madeAs.issue(CA, "CN=table-device");
        if (!certificate.equals("unknown")) {
            directory.register(device.certificate(), caId, CertificateStatus.valueOf(certificate), List.of());
        }
        if (ca.equals("DELETED")) {
            directory.cas.remove(caId);
        }
        CertificateAuthenticator authenticator =
                new CertificateAuthenticator(directory, List.of(HOST), sniRule, Clock.systemUTC());

        AuthenticationResult result = authenticator.authenticate(PresentedCertificate.parse(
                device.certificate(),
                switch (sni) {
                    case "present" -> HOST;
                    case "absent" -> null;
                    case "wrong" -> "other.example.com";
                    default -> throw new IllegalArgumentException(sni);
                },
                "127.0.0.1"));

        assertThat(decisionOf(result)).as(result.toString()).isEqualTo(decision);
    }

    private static Decision decisionOf(AuthenticationResult result) {
        return switch (result) {
            case AuthenticationResult.Accepted accepted ->
                accepted.withoutSni() == null ? Decision.ACCEPTED : Decision.ACCEPTED_WITH_WARNING;
            case AuthenticationResult.Rejected rejected -> Decision.REFUSED;
            case AuthenticationResult.RegisterJustInTime jitr -> Decision.REGISTER_JUST_IN_TIME;
            case AuthenticationResult.StillPending pending -> Decision.STILL_PENDING;
        };
    }
}
