package io.thingcore.dic.firmware;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** C source text: string literals and comments that hold any value safely. */
final class CText {
    private CText() {}

    /** A C string literal of {@code value}: escapes quote, backslash and every non-printable byte (octal). */
    static String literal(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // "??" starts a trigraph in older C dialects; escaping the second '?' defeats it.
                case '?' -> out.append(out.charAt(out.length() - 1) == '?' ? "\\?" : "?");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        // Three-digit octal escapes end after three digits, so a following digit cannot join them.
                        out.append(String.format(Locale.ROOT, "\\%03o", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * {@code char name[] = "line\n" ...;}: the array the firmware defines for a PEM, one literal per PEM line (adjacent
     * literals concatenate, C11 5.1.1.2 phase 6), so {@code sizeof(name)} is the PEM's length plus the NUL that
     * mbedTLS's PEM parser needs. Plain {@code char}, neither {@code static} nor {@code const}: the firmware declares
     * and uses it that way.
     */
    static String pemArray(String name, String pem) {
        StringBuilder out = new StringBuilder("char ").append(name).append("[] =");
        int start = 0;
        while (start < pem.length()) {
            int newline = pem.indexOf('\n', start);
            int end = newline < 0 ? pem.length() : newline + 1;
            out.append("\n    ").append(literal(pem.substring(start, end)));
            start = end;
        }
        if (pem.isEmpty()) {
            out.append(" \"\"");
        }
        return out.append(";\n").toString();
    }

    /** Text safe inside a C block comment. */
    static String comment(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString().replace("*/", "* /");
    }
}
