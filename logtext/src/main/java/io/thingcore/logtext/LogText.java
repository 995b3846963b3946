package io.thingcore.logtext;

import org.jspecify.annotations.Nullable;

/**
 * A value from a client or a request made safe for one log line. Threats: a value holding a newline followed by a
 * fake entry forging a log line (CWE-117, log injection); terminal escape sequences (ESC, CSI) recolouring or
 * rewriting what an operator sees; bidirectional overrides and zero-width characters hiding what a value is; a huge
 * value flooding the log.
 *
 * <p>Control characters (C0, DEL, C1: CR, LF, ESC, NEL included), format characters (bidirectional overrides,
 * zero-width characters), the line and paragraph separators U+2028 and U+2029, and lone surrogates become
 * {@code \xNN} below U+0100 and {@code \}{@code uXXXX} above. A backslash or quote is escaped with a backslash, so a
 * value in quotes cannot end its quotes early and an escape in the log always means an escaped character. A value
 * longer than {@value #MAX_CHARS} characters is cut with {@code …}: longer than any valid client ID (128 bytes on AWS
 * IoT), topic (256 bytes) or SNI host name (255 bytes, RFC 6066 section 3).
 */
public final class LogText {
    public static final int MAX_CHARS = 256;
    /** The bound of {@link #line(Object)}: a sentence may hold a few values of {@value #MAX_CHARS} characters. */
    public static final int MAX_LINE_CHARS = 1024;

    /** Hex digits by hand, not {@code String.format}: a hostile value may hold hundreds of characters to escape. */
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {}

    /**
     * {@code value} (its {@code toString()}) escaped for a log line, to be put in single quotes by the caller where
     * it stands among other words; {@code "null"} for null. A value with nothing to escape is returned as it is.
     */
    public static String of(@Nullable Object value) {
        return escape(value, MAX_CHARS, true);
    }

    /**
     * A text we compose that may hold values from a client, or an exception's message (decoders and parsers quote
     * what they could not read), kept on one line: the same characters as {@link #of(Object)} are escaped, except
     * quotes and backslashes (the text is not a value in quotes; the values inside it were put in by
     * {@link #of(Object)}), and it is cut at {@value #MAX_LINE_CHARS} characters.
     */
    public static String line(@Nullable Object text) {
        return escape(text, MAX_LINE_CHARS, false);
    }

    private static String escape(@Nullable Object value, int maxChars, boolean quoted) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        // Never cut between the two halves of a surrogate pair.
        int limit = text.length() > maxChars && Character.isHighSurrogate(text.charAt(maxChars - 1))
                ? maxChars - 1
                : maxChars;
        int i = 0;
        while (i < text.length() && i < limit && !needsEscape(text, i, quoted)) {
            i++;
        }
        if (i == text.length()) {
            return text; // the common case: nothing to escape, no copy
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 16).append(text, 0, i);
        for (; i < text.length() && i < limit; i++) {
            char c = text.charAt(i);
            if (quoted && (c == '\\' || c == '\'' || c == '"')) {
                out.append('\\').append(c);
            } else if (!needsEscape(text, i, quoted)) {
                out.append(c);
            } else if (c < 0x100) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append("\\u")
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        if (text.length() > limit) {
            out.append('…');
        }
        return out.toString();
    }

    private static boolean needsEscape(String text, int i, boolean quoted) {
        char c = text.charAt(i);
        if (c == '\\' || c == '\'' || c == '"') {
            return quoted;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
