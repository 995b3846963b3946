package io.thingcore.dic.firmware;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the values of a C source file the way a C compiler sees them, for the few forms the DIC firmware's
 * configuration files use: {@code #define NAME "literal"}, {@code #define NAME (8883)} and
 * {@code char name[] = "line\n" "line\n";} (optionally in braces). Adjacent string literals are concatenated (C11
 * 5.1.1.2 phase 6) and escapes decoded (C11 6.4.4.4). Comments are skipped; preprocessor conditionals are not
 * evaluated, so the first definition of a name wins.
 */
final class CSource {
    private final Map<String, String> macros = new HashMap<>();
    private final Map<String, String> arrays = new HashMap<>();

    private CSource() {}

    static CSource parse(String text) {
        CSource source = new CSource();
        String code = stripComments(text);
        for (String line : code.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                String directive = trimmed.substring(1).strip();
                if (directive.startsWith("define")) {
                    String rest = directive.substring("define".length()).strip();
                    int space = firstWhitespace(rest);
                    String name = space < 0 ? rest : rest.substring(0, space);
                    String value = space < 0 ? "" : rest.substring(space).strip();
                    if (!name.contains("(")) {
                        source.macros.putIfAbsent(name, value);
                    }
                }
            }
        }
        source.readArrays(withoutDirectives(code));
        return source;
    }

    /** The string value of macro {@code name}, when it is a string literal (or literals). */
    Optional<String> stringMacro(String name) {
        String value = macros.get(name);
        if (value == null || !value.startsWith("\"")) {
            return Optional.empty();
        }
        return Optional.of(literals(value, 0).value());
    }

    /** The integer value of macro {@code name}, when it is an integer constant, possibly in parentheses. */
    Optional<Integer> integerMacro(String name) {
        String value = macros.get(name);
        if (value == null) {
            return Optional.empty();
        }
        String number = value.replace("(", "").replace(")", "").strip();
        try {
            return Optional.of(Integer.decode(number));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The initializer of {@code char name[] = ...;} as a string. */
    Optional<String> charArray(String name) {
        return Optional.ofNullable(arrays.get(name));
    }

    private void readArrays(String code) {
        int at = 0;
        while (true) {
            int keyword = code.indexOf("char", at);
            if (keyword < 0) {
                return;
            }
            at = keyword + 4;
            if (keyword > 0 && Character.isJavaIdentifierPart(code.charAt(keyword - 1))) {
                continue;
            }
            int cursor = skipSpace(code, at);
            int nameStart = cursor;
            while (cursor < code.length() && Character.isJavaIdentifierPart(code.charAt(cursor))) {
                cursor++;
            }
            String name = code.substring(nameStart, cursor);
            cursor = skipSpace(code, cursor);
            if (name.isEmpty() || !code.startsWith("[]", cursor)) {
                continue;
            }
            cursor = skipSpace(code, cursor + 2);
            if (cursor >= code.length() || code.charAt(cursor) != '=') {
                continue;
            }
            cursor = skipSpace(code, cursor + 1);
            boolean braced = cursor < code.length() && code.charAt(cursor) == '{';
            if (braced) {
                cursor = skipSpace(code, cursor + 1);
            }
            if (cursor >= code.length() || code.charAt(cursor) != '"') {
                continue;
            }
            Parsed parsed = literals(code, cursor);
            arrays.putIfAbsent(name, parsed.value());
            at = parsed.end();
        }
    }

    private record Parsed(String value, int end) {}

    /** Decodes the adjacent string literals starting at {@code start} (which must be a quote). */
    private static Parsed literals(String code, int start) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = start;
        while (i < code.length() && code.charAt(i) == '"') {
            i++;
            while (i < code.length() && code.charAt(i) != '"') {
                char c = code.charAt(i);
                if (c == '\\') {
                    i = escape(code, i + 1, bytes);
                } else {
                    byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    bytes.writeBytes(encoded);
                    i++;
                }
            }
            i = skipSpace(code, i + 1);
        }
        return new Parsed(bytes.toString(StandardCharsets.UTF_8), i);
    }

    /** Decodes the escape after a backslash at {@code i - 1}; returns the index after it. */
    private static int escape(String code, int i, java.io.ByteArrayOutputStream out) {
        char c = code.charAt(i);
        switch (c) {
            case 'n' -> out.write('\n');
            case 'r' -> out.write('\r');
            case 't' -> out.write('\t');
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int value = 0;
                int digits = 0;
                while (digits < 3 && i < code.length() && code.charAt(i) >= '0' && code.charAt(i) <= '7') {
                    value = value * 8 + (code.charAt(i) - '0');
                    i++;
                    digits++;
                }
                out.write(value);
                return i;
            }
            case 'x' -> {
                int value = 0;
                i++;
                while (i < code.length() && Character.digit(code.charAt(i), 16) >= 0) {
                    value = value * 16 + Character.digit(code.charAt(i), 16);
                    i++;
                }
                out.write(value);
                return i;
            }
            case 'a' -> out.write(7);
            case 'b' -> out.write(8);
            case 'f' -> out.write(12);
            case 'v' -> out.write(11);
            default -> out.write(c); // \\ \" \' \?
        }
        return i + 1;
    }

    private static int skipSpace(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The code without preprocessor lines, so that a macro's literal is not read as an array initializer. */
    private static String withoutDirectives(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n")) {
            out.append(line.strip().startsWith("#") ? "" : line).append('\n');
        }
        return out.toString();
    }

    /** Replaces comments by a space, leaving string literals (which may contain slashes) intact. */
    private static String stripComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c && text.charAt(end) != '\n') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, text.length());
                out.append(text, i, end);
                i = end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                String comment = text.substring(i, end < 0 ? text.length() : end + 2);
                // Keep line breaks so that directives stay on their own lines.
                out.append(comment.replaceAll("[^\n]", " "));
                i = end < 0 ? text.length() : end + 2;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
