package io.thingcore.dic.certs;

import io.thingcore.dic.DicException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Subject names as people type them: openssl's {@code -subj} form ({@code /C=US/O=Acme/CN=DIC CA}, most significant
 * attribute first) or an RFC 4514 DN ({@code CN=DIC CA,O=Acme,C=US}, least significant first).
 */
public final class SubjectNames {
    private SubjectNames() {}

    /** The RFC 4514 form of either syntax; both name the same RDN sequence, so the DER is what openssl makes. */
    public static String toRfc4514(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new DicException("the subject is empty: give e.g. \"/CN=DIC CA\" or \"CN=DIC CA\"");
        }
        String trimmed = subject.strip();
        if (!trimmed.startsWith("/")) {
            return trimmed;
        }
        // openssl -subj: "/" separates RDNs, "\/" is a literal slash; the order is from the root down (X.501),
        // which RFC 4514 writes reversed.
        List<String> rdns = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 1; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '\\' && i + 1 < trimmed.length()) {
                char next = trimmed.charAt(++i);
                current.append(escape(next));
            } else if (c == '/') {
                addRdn(rdns, current, subject);
            } else if (c == ',' || c == '+' || c == '"' || c == ';' || c == '<' || c == '>') {
                current.append('\\').append(c);
            } else {
                current.append(c);
            }
        }
        addRdn(rdns, current, subject);
        Collections.reverse(rdns);
        return String.join(",", rdns);
    }

    private static String escape(char c) {
        return ",+\"\\<>;".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }

    private static void addRdn(List<String> rdns, StringBuilder current, String subject) {
        String rdn = current.toString();
        current.setLength(0);
        if (rdn.isEmpty()) {
            return;
        }
        int equals = rdn.indexOf('=');
        if (equals <= 0) {
            throw new DicException("the subject \"" + subject + "\" is malformed: \"" + rdn + "\" is not TYPE=value");
        }
        rdns.add(rdn);
    }
}
