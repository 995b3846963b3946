package io.thingcore.api.http;

import java.util.Locale;

/**
 * A value from a request (its target, method) made safe for one log line. Threat: a request line holding control
 * characters or a newline forging log lines (CWE-117) or hiding what it is: control, format and separator characters
 * become {@code \xNN} below U+0100 and a backslash, {@code u} and four hex digits above, a backslash is doubled, and the value is cut at {@value #MAX_CHARS}
 * characters with {@code …}.
 */
public final class LogText {
    static final int MAX_CHARS = 256;

    private LogText() {}

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        int limit = Math.min(value.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(limit + 16);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (isPrintable(c)) {
                out.append(c);
            } else if (c < 0x100) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        if (value.length() > limit) {
            out.append('…');
        }
        return out.toString();
    }

    private static boolean isPrintable(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
