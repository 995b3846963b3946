package io.thingcore.registry.jdbc;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.jspecify.annotations.Nullable;

/**
 * Distinguished-name attributes under the names AWS uses for the {@code iot:Certificate.Subject.<Attr>} and
 * {@code iot:Certificate.Issuer.<Attr>} policy variables (AWS IoT Developer Guide, "X.509 Certificate AWS IoT Core
 * policy variables"), values in certificate order.
 */
final class CertificateFields {
    private static final Map<ASN1ObjectIdentifier, String> AWS_NAMES = Map.ofEntries(
            Map.entry(BCStyle.CN, "CommonName"),
            Map.entry(BCStyle.O, "Organization"),
            Map.entry(BCStyle.OU, "OrganizationalUnit"),
            Map.entry(BCStyle.C, "Country"),
            Map.entry(BCStyle.ST, "State"),
            Map.entry(BCStyle.DN_QUALIFIER, "DistinguishedNameQualifier"),
            Map.entry(BCStyle.SERIALNUMBER, "SerialNumber"),
            Map.entry(BCStyle.T, "Title"),
            Map.entry(BCStyle.SURNAME, "Surname"),
            Map.entry(BCStyle.GIVENNAME, "GivenName"),
            Map.entry(BCStyle.INITIALS, "Initials"),
            Map.entry(BCStyle.PSEUDONYM, "Pseudonym"),
            Map.entry(BCStyle.GENERATION, "GenerationQualifier"));

    private CertificateFields() {}

    static Map<String, List<String>> subject(X509Certificate certificate) {
        return attributes(certificate.getSubjectX500Principal());
    }

    static Map<String, List<String>> issuer(X509Certificate certificate) {
        return attributes(certificate.getIssuerX500Principal());
    }

    static Map<String, List<String>> attributes(X500Principal principal) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (RDN rdn : X500Name.getInstance(principal.getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                String name = AWS_NAMES.get(value.getType());
                if (name != null) {
                    result.computeIfAbsent(name, k -> new java.util.ArrayList<>())
                            .add(text(value));
                }
            }
        }
        result.replaceAll((k, v) -> List.copyOf(v));
        return result;
    }

    /** The first CN of a name, or null. */
    static @Nullable String commonName(X500Principal principal) {
        List<String> names = attributes(principal).get("CommonName");
        return names == null || names.isEmpty() ? null : names.get(0);
    }

    private static String text(AttributeTypeAndValue value) {
        return value.getValue() instanceof ASN1String string
                ? string.getString()
                : IETFUtils.valueToString(value.getValue());
    }
}
