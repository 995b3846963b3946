package io.thingcore.broker.tls;

import io.thingcore.broker.SniRule;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.logtext.LogText;
import io.thingcore.pki.CertificateChecks;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * The trust decision (docs/security.md, "The broker"), made once per handshake from the in-memory directory: pure, no
 * I/O, safe on any thread. CA signatures are verified only for just-in-time registration, never for a registered
 * certificate (the registry verified it at registration).
 */
public final class CertificateAuthenticator {
    private final DeviceDirectory directory;
    private final Set<String> hostNames;
    private final SniRule sniRule;
    private final Clock clock;

    public CertificateAuthenticator(DeviceDirectory directory, List<String> hostNames, SniRule sniRule, Clock clock) {
        this.directory = directory;
        this.hostNames =
                hostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.sniRule = sniRule;
        this.clock = clock;
    }

    /** Whether the registry holds the certificate with this ID, in any status. */
    boolean isRegistered(String certificateId) {
        return directory.findCertificate(certificateId).isPresent();
    }

    public AuthenticationResult authenticate(PresentedCertificate presented) {
        PeerCertificate peer = presented.peer();
        Instant now = clock.instant();
        Optional<DeviceRecord> found = directory.findCertificate(peer.certificateId());
        if (found.isEmpty()) {
            return justInTime(presented, now);
        }
        DeviceRecord device = found.get();
        if (device.status() == CertificateStatus.PENDING_ACTIVATION && device.caCertificateId() != null) {
            Optional<CaRecord> ca = directory.findCa(device.caCertificateId());
            if (ca.isPresent()
                    && ca.get().status() == CaStatus.ACTIVE
                    && ca.get().autoRegistration()) {
                return new AuthenticationResult.StillPending(device, ca.get());
            }
        }
        if (device.status() == CertificateStatus.REVOKED) {
            return new AuthenticationResult.Rejected(RefusalReason.CERTIFICATE_REVOKED, "the certificate is REVOKED");
        }
        if (device.status() != CertificateStatus.ACTIVE) {
            return new AuthenticationResult.Rejected(
                    device.status() == CertificateStatus.PENDING_ACTIVATION
                            ? RefusalReason.CERTIFICATE_PENDING_ACTIVATION
                            : RefusalReason.CERTIFICATE_NOT_ACTIVE,
                    "the certificate is " + device.status() + ", not ACTIVE");
        }
        Instant notBefore = laterOf(presented.notBefore(), device.notBefore());
        Instant notAfter = earlierOf(presented.notAfter(), device.notAfter());
        // The validity both in the certificate and in the registry's record of it.
        if (now.isBefore(notBefore)) {
            return new AuthenticationResult.Rejected(
                    RefusalReason.CERTIFICATE_NOT_YET_VALID, "the certificate is not valid before " + notBefore);
        }
        if (now.isAfter(notAfter)) {
            return new AuthenticationResult.Rejected(
                    RefusalReason.CERTIFICATE_EXPIRED, "the certificate expired at " + notAfter);
        }
        AuthenticationResult.SniOnly sniOnly = null;
        if (device.caCertificateId() == null) {
            // RegisterCertificateWithoutCA certificates are SNI_ONLY (AWS IoT API Reference, CertificateDescription).
            sniOnly = AuthenticationResult.SniOnly.REGISTERED_WITHOUT_CA;
        } else {
            Optional<CaRecord> ca = directory.findCa(device.caCertificateId());
            if (ca.isEmpty()) {
                return new AuthenticationResult.Rejected(
                        RefusalReason.CA_NOT_REGISTERED,
                        "the certificate's CA " + abbreviate(device.caCertificateId()) + " is no longer registered");
            }
            if (ca.get().mode() == CertificateMode.SNI_ONLY || device.mode() == CertificateMode.SNI_ONLY) {
                sniOnly = AuthenticationResult.SniOnly.CA_IN_MULTI_ACCOUNT_MODE;
            }
        }
        if (sniOnly == null) {
            return new AuthenticationResult.Accepted(device);
        }
        AuthenticationResult.Rejected sniProblem = sniProblem(peer, "the certificate is SNI_ONLY and ");
        if (sniProblem != null) {
            return sniProblem;
        }
        return new AuthenticationResult.Accepted(device, peer.sni() == null ? sniOnly : null);
    }

    /**
     * Null when an SNI_ONLY certificate may connect with the SNI {@code peer} sent, otherwise what is wrong. A present
     * SNI must name one of the gateway's host names under either rule (AWS IoT refuses a host name it does not serve,
     * and a device that checks the server's host name would fail anyway); a missing one is refused only by
     * {@link SniRule#STRICT}.
     */
    AuthenticationResult.@Nullable Rejected sniProblem(PeerCertificate peer, String prefix) {
        if (peer.sni() == null) {
            return sniRule == SniRule.STRICT
                    ? new AuthenticationResult.Rejected(
                            RefusalReason.SNI_MISSING,
                            prefix + "the client sent no SNI (--sni-rule strict, as AWS IoT), host names " + hostNames)
                    : null;
        }
        if (!hostNames.contains(peer.sni())) {
            return new AuthenticationResult.Rejected(
                    RefusalReason.SNI_WRONG,
                    prefix + "its SNI '" + LogText.of(peer.sni()) + "' names none of the gateway's host names "
                            + hostNames);
        }
        return null;
    }

    private AuthenticationResult justInTime(PresentedCertificate presented, Instant now) {
        PeerCertificate peer = presented.peer();
        X500Principal issuer = presented.facts().issuerPrincipal();
        List<CaRecord> cas = directory.findCasBySubject(issuer);
        for (CaRecord ca : cas) {
            if (ca.status() != CaStatus.ACTIVE || !ca.autoRegistration()) {
                continue;
            }
            // The one signature check on the handshake path, for unknown certificates only; it rejects a "fake
            // root" with the registered CA's subject but another key. Only here is the JDK's parsed certificate
            // needed, so only here is it made for a certificate whose facts were cached.
            X509Certificate certificate = presented.certificate();
            if (!CertificateChecks.isSignedBy(certificate, ca.certificate())) {
                continue;
            }
            if (!CertificateChecks.isValidAt(certificate, now)) {
                boolean expired = now.isAfter(certificate.getNotAfter().toInstant());
                return new AuthenticationResult.Rejected(
                        expired ? RefusalReason.CERTIFICATE_EXPIRED : RefusalReason.CERTIFICATE_NOT_YET_VALID,
                        "the unknown certificate (not registered) is valid only from "
                                + certificate.getNotBefore().toInstant() + " to "
                                + certificate.getNotAfter().toInstant());
            }
            AuthenticationResult.Rejected sniProblem =
                    ca.mode() == CertificateMode.SNI_ONLY ? sniProblem(peer, "the CA is SNI_ONLY and ") : null;
            if (sniProblem != null) {
                return new AuthenticationResult.Rejected(
                        sniProblem.kind(), sniProblem.reason() + "; the certificate was not registered");
            }
            return new AuthenticationResult.RegisterJustInTime(ca);
        }
        return new AuthenticationResult.Rejected(
                RefusalReason.CERTIFICATE_UNKNOWN,
                "the certificate is not registered and its issuer '"
                        + LogText.of(issuer.getName())
                        + "' is no registered CA that registers certificates just in time");
    }

    private static Instant laterOf(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlierOf(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String abbreviate(String id) {
        return id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }
}
