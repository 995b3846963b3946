package io.thingcore.broker.tls;

import io.thingcore.broker.SniRule;
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

    public AuthenticationResult authenticate(PresentedCertificate presented) {
        PeerCertificate peer = presented.peer();
        X509Certificate certificate = presented.certificate();
        Instant now = clock.instant();
        Optional<DeviceRecord> found = directory.findCertificate(peer.certificateId());
        if (found.isEmpty()) {
            return justInTime(peer, certificate, now);
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
        if (device.status() != CertificateStatus.ACTIVE) {
            return new AuthenticationResult.Rejected("certificate " + shortId(peer) + " is " + device.status());
        }
        if (!CertificateChecks.isValidAt(certificate, now)
                || now.isBefore(device.notBefore())
                || now.isAfter(device.notAfter())) {
            return new AuthenticationResult.Rejected("certificate " + shortId(peer) + " is outside its validity "
                    + certificate.getNotBefore().toInstant() + ".."
                    + certificate.getNotAfter().toInstant());
        }
        AuthenticationResult.SniOnly sniOnly = null;
        if (device.caCertificateId() == null) {
            // RegisterCertificateWithoutCA certificates are SNI_ONLY (AWS IoT API Reference, CertificateDescription).
            sniOnly = AuthenticationResult.SniOnly.REGISTERED_WITHOUT_CA;
        } else {
            Optional<CaRecord> ca = directory.findCa(device.caCertificateId());
            if (ca.isEmpty()) {
                return new AuthenticationResult.Rejected("certificate " + shortId(peer) + ": its CA "
                        + abbreviate(device.caCertificateId()) + " is no longer registered");
            }
            if (ca.get().mode() == CertificateMode.SNI_ONLY || device.mode() == CertificateMode.SNI_ONLY) {
                sniOnly = AuthenticationResult.SniOnly.CA_IN_MULTI_ACCOUNT_MODE;
            }
        }
        if (sniOnly == null) {
            return new AuthenticationResult.Accepted(device);
        }
        String sniProblem = sniProblem(peer);
        if (sniProblem != null) {
            return new AuthenticationResult.Rejected("certificate " + shortId(peer) + " is SNI_ONLY and " + sniProblem);
        }
        return new AuthenticationResult.Accepted(device, peer.sni() == null ? sniOnly : null);
    }

    /**
     * Null when an SNI_ONLY certificate may connect with the SNI {@code peer} sent, otherwise what is wrong. A present
     * SNI must name one of the gateway's host names under either rule (AWS IoT refuses a host name it does not serve,
     * and a device that checks the server's host name would fail anyway); a missing one is refused only by
     * {@link SniRule#STRICT}.
     */
    @Nullable
    String sniProblem(PeerCertificate peer) {
        if (peer.sni() == null) {
            return sniRule == SniRule.STRICT ? "the client sent no SNI (--sni-rule strict, as AWS IoT)" : null;
        }
        if (!hostNames.contains(peer.sni())) {
            return "SNI '" + LogText.of(peer.sni()) + "' names none of the gateway's host names " + hostNames;
        }
        return null;
    }

    private AuthenticationResult justInTime(PeerCertificate peer, X509Certificate certificate, Instant now) {
        List<CaRecord> cas = directory.findCasBySubject(certificate.getIssuerX500Principal());
        for (CaRecord ca : cas) {
            if (ca.status() != CaStatus.ACTIVE || !ca.autoRegistration()) {
                continue;
            }
            // The one signature check on the handshake path, for unknown certificates only; it rejects a "fake
            // root" with the registered CA's subject but another key.
            if (!CertificateChecks.isSignedBy(certificate, ca.certificate())) {
                continue;
            }
            if (!CertificateChecks.isValidAt(certificate, now)) {
                return new AuthenticationResult.Rejected(
                        "unknown certificate " + shortId(peer) + " is outside its validity; not registered");
            }
            if (ca.mode() == CertificateMode.SNI_ONLY && sniProblem(peer) != null) {
                return new AuthenticationResult.Rejected("unknown certificate " + shortId(peer)
                        + " under an SNI_ONLY CA: " + sniProblem(peer) + "; not registered");
            }
            return new AuthenticationResult.RegisterJustInTime(ca);
        }
        return new AuthenticationResult.Rejected("unknown certificate " + shortId(peer) + " (issuer "
                + certificate.getIssuerX500Principal().getName() + ")");
    }

    private static String shortId(PeerCertificate peer) {
        return abbreviate(peer.certificateId());
    }

    private static String abbreviate(String id) {
        return id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }
}
