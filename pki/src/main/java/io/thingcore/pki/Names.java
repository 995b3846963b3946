package io.thingcore.pki;

import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;

/** Distinguished-name parsing shared by the builders. */
final class Names {
    private Names() {}

    /** Parses an RFC 4514 DN such as {@code CN=DIC CA,O=Example}; attribute values are encoded as UTF8String. */
    static X500Principal principal(String dn) {
        if (dn == null || dn.isBlank()) {
            throw new PkiException("subject DN is empty");
        }
        try {
            return new X500Principal(dn);
        } catch (IllegalArgumentException e) {
            throw new PkiException("subject DN \"" + dn + "\" is malformed" + Pem.detail(e), e);
        }
    }

    /** The name as Bouncy Castle sees it, keeping the exact encoding (chain building compares issuer DER). */
    static X500Name x500Name(X500Principal principal) {
        return X500Name.getInstance(principal.getEncoded());
    }

    /** {@code CN=<value>} with RFC 4514 section 2.4 escaping, for values such as host names taken from the user. */
    static String commonName(String value) {
        StringBuilder out = new StringBuilder("CN=");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean special = ",+\"\\<>;=".indexOf(c) >= 0
                    || (i == 0 && (c == '#' || c == ' '))
                    || (i == value.length() - 1 && c == ' ');
            if (special) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
