package io.thingcore.api.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Percent-decoding of raw URI parts. Only {@code %XX} escapes are decoded; {@code +} stays a plus sign, because AWS
 * clients encode a space as {@code %20} and a plus as {@code %2B} (RFC 3986, not HTML forms), and SigV4 re-encodes the
 * decoded value (botocore {@code utils.percent_encode} and {@code auth.py}; the Java SDK's
 * {@code SdkHttpUtils.urlEncode}).
 */
public final class PercentCodec {
    private PercentCodec() {}

    /** Decodes {@code %XX} escapes as UTF-8; null when an escape is malformed. */
    public static @Nullable String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Parses a raw query string ({@code a=1&b=x%2Fy&c}) into decoded names and values in arrival order; a parameter
     * without {@code =} has the value {@code ""} (as SigV4 canonicalises it). Null when an escape is malformed.
     */
    public static @Nullable Map<String, List<String>> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (name == null || value == null) {
                return null;
            }
            params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return params;
    }
}
