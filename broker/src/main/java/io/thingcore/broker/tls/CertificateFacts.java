package io.thingcore.broker.tls;

import io.thingcore.pki.CertificateIds;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * What the trust decision and the connection read from a client certificate, all of it a function of the
 * certificate's DER alone: the same bytes always give the same facts, so {@link CertificateFactsCache} may keep them
 * across handshakes. Nothing here comes from the registry (statuses are looked up in every decision).
 *
 * @param certificateId lowercase hex SHA-256 of the DER
 * @param subject subject attributes under AWS's names, as {@link PeerCertificate#subject()}
 * @param issuer issuer attributes, as {@link PeerCertificate#issuer()}
 * @param subjectAlternativeNames SANs under AWS's names, as {@link PeerCertificate#subjectAlternativeNames()}
 * @param serialNumber the serial number in decimal
 * @param notBefore the certificate's notBefore
 * @param notAfter the certificate's notAfter
 * @param issuerPrincipal the issuer's name, which finds the CA of a certificate the registry does not know
 */
record CertificateFacts(
        String certificateId,
        Map<String, List<String>> subject,
        Map<String, List<String>> issuer,
        Map<String, List<String>> subjectAlternativeNames,
        String serialNumber,
        Instant notBefore,
        Instant notAfter,
        X500Principal issuerPrincipal) {

    CertificateFacts {
        Objects.requireNonNull(certificateId, "certificateId");
        // Deeply immutable, as the cache shares them between event loops; made once per certificate, so that
        // PeerCertificate's Map.copyOf returns them as they are (Map.copyOf javadoc).
        subject = immutable(subject);
        issuer = immutable(issuer);
        subjectAlternativeNames = immutable(subjectAlternativeNames);
    }

    /**
     * Reads the facts of a parsed certificate.
     *
     * @param certificateId the ID of the DER it was parsed from ({@link CertificateIds#sha256Hex}), which the caller
     *     has computed already: the certificate's own encoding would be copied and hashed a second time
     */
    static CertificateFacts of(X509Certificate certificate, String certificateId) {
        return new CertificateFacts(
                certificateId,
                DistinguishedNames.attributes(certificate.getSubjectX500Principal()),
                DistinguishedNames.attributes(certificate.getIssuerX500Principal()),
                DistinguishedNames.subjectAlternativeNames(certificate),
                certificate.getSerialNumber().toString(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                certificate.getIssuerX500Principal());
    }

    private static Map<String, List<String>> immutable(Map<String, List<String>> names) {
        return names.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }
}
