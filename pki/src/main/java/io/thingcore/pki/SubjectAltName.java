package io.thingcore.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One subjectAltName entry with a string value (RFC 5280 4.2.1.6 GeneralName), as the JDK decodes it. Read in one
 * place for the gateway's own server certificate and for the policy variables of client certificates.
 *
 * @param type the GeneralName tag: {@link #RFC822_NAME}, {@link #DNS_NAME}, {@link #DIRECTORY_NAME},
 *     {@link #URI}, {@link #IP_ADDRESS}
 */
public record SubjectAltName(int type, String value) {
    public static final int RFC822_NAME = 1;
    public static final int DNS_NAME = 2;
    public static final int DIRECTORY_NAME = 4;
    public static final int URI = 6;
    public static final int IP_ADDRESS = 7;

    /**
     * The entries of {@code certificate} whose value the JDK gives as a string (otherName and others are skipped);
     * empty for a certificate without the extension or with one that does not parse (a v1 certificate has none).
     */
    public static List<SubjectAltName> of(X509Certificate certificate) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (entries == null) {
            return List.of();
        }
        List<SubjectAltName> out = new ArrayList<>(entries.size());
        for (List<?> entry : entries) {
            if (entry.get(0) instanceof Integer type && entry.get(1) instanceof String value) {
                out.add(new SubjectAltName(type, value));
            }
        }
        return List.copyOf(out);
    }
}
