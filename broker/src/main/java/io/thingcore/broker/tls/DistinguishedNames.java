package io.thingcore.broker.tls;

import io.thingcore.pki.SubjectAltName;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Certificate names under the attribute names AWS policy variables use (DG cert-policy-variables). */
final class DistinguishedNames {
    /** Keywords for the OIDs {@link X500Principal#RFC2253} would otherwise print as hex-encoded DER. */
    private static final Map<String, String> KEYWORDS = Map.of(
            "2.5.4.5", "SERIALNUMBER",
            "2.5.4.46", "DNQ",
            "2.5.4.12", "T",
            "2.5.4.4", "SURNAME",
            "2.5.4.42", "GIVENNAME",
            "2.5.4.43", "INITIALS",
            "2.5.4.65", "PSEUDONYM",
            "2.5.4.44", "GENERATION");

    private static final Map<String, String> AWS_NAMES = Map.ofEntries(
            Map.entry("CN", "CommonName"),
            Map.entry("O", "Organization"),
            Map.entry("OU", "OrganizationalUnit"),
            Map.entry("C", "Country"),
            Map.entry("L", "Locality"),
            Map.entry("ST", "State"),
            Map.entry("SERIALNUMBER", "SerialNumber"),
            Map.entry("DNQ", "DistinguishedNameQualifier"),
            Map.entry("T", "Title"),
            Map.entry("SURNAME", "Surname"),
            Map.entry("GIVENNAME", "GivenName"),
            Map.entry("INITIALS", "Initials"),
            Map.entry("PSEUDONYM", "Pseudonym"),
            Map.entry("GENERATION", "GenerationQualifier"));

    private DistinguishedNames() {}

    /** The attributes of a name, keyed by AWS's name, values in DER order; unknown attribute types are left out. */
    static Map<String, List<String>> attributes(X500Principal principal) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            LdapName name = new LdapName(principal.getName(X500Principal.RFC2253, KEYWORDS));
            // LdapName lists RDNs right to left, which is DER order for an RFC 2253 string.
            for (Rdn rdn : name.getRdns()) {
                NamingEnumeration<? extends Attribute> all = rdn.toAttributes().getAll();
                while (all.hasMore()) {
                    Attribute attribute = all.next();
                    String aws = AWS_NAMES.get(attribute.getID().toUpperCase(java.util.Locale.ROOT));
                    if (aws == null) {
                        continue;
                    }
                    for (int i = 0; i < attribute.size(); i++) {
                        // A value the JDK can only print as DER hex (RFC 2253 section 2.4: "#" and the BER, here a
                        // byte[]; e.g. a NumericString) is left out. It had been "[B@<identity hash>" before, a
                        // policy variable value that changed from one handshake to the next.
                        if (attribute.get(i) instanceof String value) {
                            out.computeIfAbsent(aws, k -> new ArrayList<>()).add(value);
                        }
                    }
                }
            }
        } catch (InvalidNameException e) {
            return Map.of();
        } catch (NamingException e) {
            return out;
        }
        return out;
    }

    /** Subject alternative names keyed by AWS's names ({@code DNSName}, {@code IPAddress}, ...). */
    static Map<String, List<String>> subjectAlternativeNames(X509Certificate certificate) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (SubjectAltName name : SubjectAltName.of(certificate)) {
            String key = switch (name.type()) {
                case SubjectAltName.RFC822_NAME -> "RFC822Name";
                case SubjectAltName.DNS_NAME -> "DNSName";
                case SubjectAltName.DIRECTORY_NAME -> "DirectoryName";
                case SubjectAltName.URI -> "UniformResourceIdentifier";
                case SubjectAltName.IP_ADDRESS -> "IPAddress";
                default -> null;
            };
            if (key != null) {
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(name.value());
            }
        }
        return out;
    }
}
