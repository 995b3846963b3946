package io.thingcore.broker.tls;

import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.pki.CertificateChecks;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trust decision (DESIGN section 3, "Trust"), made once per handshake from the in-memory directory: pure, no
 * I/O, safe on any thread. CA signatures are verified only for just-in-time registration, never for a registered
 * certificate (the registry verified it at registration).
 */
public final class CertificateAuthenticator {
    private final DeviceDirectory directory;
    private final Set<String> hostNames;
    private final boolean relaxSni;
    private final Clock clock;

    public CertificateAuthenticator(DeviceDirectory directory, List<String> hostNames, boolean relaxSni, Clock clock) {
        this.directory = directory;
        this.hostNames =
                hostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.relaxSni = relaxSni;
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
        CertificateMode mode = device.mode();
        if (device.caCertificateId() == null) {
            // RegisterCertificateWithoutCA certificates are SNI_ONLY (facts 2.4).
            mode = CertificateMode.SNI_ONLY;
        } else {
            Optional<CaRecord> ca = directory.findCa(device.caCertificateId());
            if (ca.isEmpty()) {
                return new AuthenticationResult.Rejected("certificate " + shortId(peer) + ": its CA "
                        + abbreviate(device.caCertificateId()) + " is no longer registered");
            }
            if (ca.get().mode() == CertificateMode.SNI_ONLY) {
                mode = CertificateMode.SNI_ONLY;
            }
        }
        String sniProblem = mode == CertificateMode.SNI_ONLY ? sniProblem(peer) : null;
        if (sniProblem != null) {
            return new AuthenticationResult.Rejected("certificate " + shortId(peer) + " is SNI_ONLY and " + sniProblem);
        }
        return new AuthenticationResult.Accepted(device);
    }

    /** Null when the SNI rule is satisfied (or relaxed), otherwise what is wrong. */
    String sniProblem(PeerCertificate peer) {
        if (relaxSni) {
            return null;
        }
        if (peer.sni() == null) {
            return "the client sent no SNI";
        }
        if (!hostNames.contains(peer.sni())) {
            return "SNI '" + peer.sni() + "' names none of the gateway's host names " + hostNames;
        }
        return null;
    }

    /** Whether the SNI rule would be relaxed for this peer: for the caller's warning log. */
    public boolean sniRelaxedFor(PeerCertificate peer) {
        return relaxSni && (peer.sni() == null || !hostNames.contains(peer.sni()));
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
