package io.thingcore.pki;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CertificateAuthority#issue} should certify: whose key, under which subject, for how long, with which
 * profile and (v3 profiles only) which subjectAltNames. Names that parse as IPv4/IPv6 literals become iPAddress
 * entries, all others dNSName entries.
 *
 * @param subjectKey the public key to certify
 * @param subjectDn RFC 4514 subject, e.g. {@code CN=DIC_2}
 * @param notBefore start of validity; truncated to whole seconds (RFC 5280 4.1.2.5 times have no fractions)
 * @param notAfter end of validity, inclusive; truncated to whole seconds
 * @param profile client, server or v1
 * @param subjectAltNames DNS names and IP literals; must be empty for {@link LeafProfile#VERSION_1}
 */
public record LeafRequest(
        PublicKey subjectKey,
        String subjectDn,
        Instant notBefore,
        Instant notAfter,
        LeafProfile profile,
        List<String> subjectAltNames) {

    /**
     * How far the convenience factories backdate notBefore, so that a device whose clock lags a little does not
     * reject a certificate issued a moment ago.
     */
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    public LeafRequest {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(subjectDn, "subjectDn");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(profile, "profile");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
        if (!notAfter.isAfter(notBefore)) {
            throw new PkiException(
                    "certificate validity is empty: notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        if (profile == LeafProfile.VERSION_1 && !subjectAltNames.isEmpty()) {
            throw new PkiException("X.509 v1 certificates cannot carry subjectAltNames (extensions need v3)");
        }
    }

    /** A client certificate valid from now (less {@link #BACKDATE}) for {@code validity}. */
    public static LeafRequest client(PublicKey subjectKey, String subjectDn, Duration validity) {
        Instant now = Instant.now();
        return new LeafRequest(
                subjectKey, subjectDn, now.minus(BACKDATE), now.plus(validity), LeafProfile.CLIENT, List.of());
    }

    /** A server certificate for the given DNS names / IP literals, valid from now for {@code validity}. */
    public static LeafRequest server(
            PublicKey subjectKey, String subjectDn, List<String> subjectAltNames, Duration validity) {
        Instant now = Instant.now();
        return new LeafRequest(
                subjectKey, subjectDn, now.minus(BACKDATE), now.plus(validity), LeafProfile.SERVER, subjectAltNames);
    }

    /**
     * A v1 certificate like {@code openssl x509 -req -days N} makes (that command starts validity at the current
     * second, without backdating).
     */
    public static LeafRequest version1(PublicKey subjectKey, String subjectDn, Duration validity) {
        Instant now = Instant.now();
        return new LeafRequest(subjectKey, subjectDn, now, now.plus(validity), LeafProfile.VERSION_1, List.of());
    }
}
