package io.thingcore.dic.simulator;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads a PUBLISH payload the way {@code dic_incoming_data_cb} does (SiliconLabs/matter_extension
 * {@code src/dic_control.cpp} @0bfbaa93; {@code MatterAwsIncomingDataCb} in SiliconLabsSoftware/matter_sdk
 * {@code MatterAwsControl.cpp} is the same code):
 *
 * <ol>
 *   <li>{@code VerifyOrReturn(kMaxCommandStrLength > len)} with {@code kMaxCommandStrLength = 30}: a payload of 30
 *       bytes or more is dropped without a word;
 *   <li>{@code CopyString(cmd, len + 1, data)}: the text ends at the first NUL byte;
 *   <li>{@code strtok(copy, "/")} twice: the command name and the value, where leading and repeated slashes separate
 *       nothing ({@code "//on"} is {@code on}, {@code "on//5"} has value {@code 5}) and a third part is ignored;
 *   <li>{@code std::stoi(value)} when there is a value: leading white space skipped, an optional sign, decimal digits up
 *       to the first non-digit ({@code "12ab"} is 12). No digits throws {@code std::invalid_argument}, a value outside
 *       {@code int} throws {@code std::out_of_range}; nothing catches either, so the board aborts.
 * </ol>
 *
 * Nothing is trimmed and nothing is case-folded. Bytes are read one to one (ISO-8859-1), as {@code strcmp} compares
 * them.
 */
public final class CommandParser {
    /** {@code kMaxCommandStrLength}: payloads this long or longer are dropped. */
    public static final int MAX_COMMAND_LENGTH = 30;

    private CommandParser() {}

    /** The outcome of reading one payload. */
    public sealed interface Parsed {}

    /** Dropped before parsing: {@code length >= 30}. */
    public record Dropped(int length) implements Parsed {}

    /**
     * A command: {@code text} is the whole {@code cmd} buffer (what "not found" prints and {@code ota} is compared
     * with), {@code name} the first token ({@code null} when the text holds only slashes or nothing), {@code value} the
     * converted second token or 0 ({@code int32_t _value = 0}).
     */
    public record Command(String text, @Nullable String name, int value) implements Parsed {}

    /** {@code std::stoi} threw: the firmware would abort. */
    public record Crash(String text, String exception, String token) implements Parsed {}

    public static Parsed parse(byte[] payload) {
        if (payload.length >= MAX_COMMAND_LENGTH) {
            return new Dropped(payload.length);
        }
        int end = 0;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        String text = new String(payload, 0, end, StandardCharsets.ISO_8859_1);
        Tokens tokens = new Tokens(text);
        String name = tokens.next();
        String value = tokens.next();
        if (value == null) {
            return new Command(text, name, 0);
        }
        return switch (stoi(value)) {
            case Stoi.Value v -> new Command(text, name, v.value());
            case Stoi.Invalid ignored -> new Crash(text, "std::invalid_argument", value);
            case Stoi.OutOfRange ignored -> new Crash(text, "std::out_of_range", value);
        };
    }

    /** {@code strtok} with the delimiter {@code /}. */
    private static final class Tokens {
        private final String text;
        private int at;

        Tokens(String text) {
            this.text = text;
        }

        @Nullable
        String next() {
            while (at < text.length() && text.charAt(at) == '/') {
                at++;
            }
            if (at >= text.length()) {
                return null;
            }
            int start = at;
            while (at < text.length() && text.charAt(at) != '/') {
                at++;
            }
            String token = text.substring(start, at);
            if (at < text.length()) {
                at++; // strtok overwrites the delimiter and continues after it
            }
            return token;
        }
    }

    /** The result of {@code std::stoi}. */
    sealed interface Stoi {
        record Value(int value) implements Stoi {}

        record Invalid() implements Stoi {}

        record OutOfRange() implements Stoi {}
    }

    /**
     * {@code std::stoi(s)} = {@code strtol(s, &end, 10)} with the C++ checks (C++17 [string.conversions]): white space
     * as {@code isspace} in the "C" locale, sign, digits; no digits: invalid; beyond {@code int}: out of range.
     */
    static Stoi stoi(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = 0;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (!overflow) {
                value = value * 10 + (s.charAt(i) - '0');
                overflow = value > 1L + Integer.MAX_VALUE;
            }
            digits++;
            i++;
        }
        if (digits == 0) {
            return new Stoi.Invalid();
        }
        long signed = negative ? -value : value;
        if (overflow || signed > Integer.MAX_VALUE || signed < Integer.MIN_VALUE) {
            return new Stoi.OutOfRange();
        }
        return new Stoi.Value((int) signed);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
