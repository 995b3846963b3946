package io.thingcore.broker.pipeline;

import java.util.Locale;

/**
 * Client-provided values (client IDs, SNI host names, topics) made safe for one log line. A value chosen by a client
 * must not be able to forge log lines (CWE-117: a newline followed by a fake entry) or hide what it is (bidirectional
 * overrides, zero-width characters): control, format and separator characters become {@code \xNN} below U+0100 and a
 * backslash, {@code u} and four hex digits above; a backslash or quote is escaped; a value longer than
 * {@value #MAX_CHARS} characters is cut with {@code …}.
 */
public final class Printable {
    /** Longer than any valid client ID (128 bytes on AWS IoT) or SNI host name (255 bytes, RFC 6066 section 3). */
    static final int MAX_CHARS = 256;

    private Printable() {}

    /** {@code value} escaped for a log line (in single quotes when the caller quotes it); {@code "null"} for null. */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        // Never cut between the two halves of a surrogate pair.
        int limit = value.length() > MAX_CHARS && Character.isHighSurrogate(value.charAt(MAX_CHARS - 1))
                ? MAX_CHARS - 1
                : MAX_CHARS;
        int i = 0;
        while (i < value.length() && i < limit && !needsEscape(value, i)) {
            i++;
        }
        if (i == value.length()) {
            return value; // the common case: nothing to escape, no copy
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), limit) + 16).append(value, 0, i);
        for (; i < value.length() && i < limit; i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\'' || c == '"') {
                out.append('\\').append(c);
            } else if (!needsEscape(value, i)) {
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

    private static boolean needsEscape(String value, int i) {
        char c = value.charAt(i);
        if (c == '\\' || c == '\'' || c == '"') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
