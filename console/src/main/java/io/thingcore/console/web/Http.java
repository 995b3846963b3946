package io.thingcore.console.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Headers and cookies every console response shares, and the same-origin checks. */
public final class Http {
    public static final String COOKIE = "thingcore-console";
    public static final String COOKIE_PATH = "/console";
    public static final String CSRF_HEADER = "x-thingcore-csrf";
    /** No inline script or style, nothing from elsewhere, never framed (clickjacking). */
    public static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private Http() {}

    /** Adds the console's security headers; responses that set no caching policy are not cached. */
    public static <R extends FullHttpResponse> R secure(R response) {
        HttpHeaders headers = response.headers();
        headers.set("Content-Security-Policy", CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cross-Origin-Resource-Policy", "same-origin");
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        return response;
    }

    public static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return secure(response);
    }

    public static FullHttpResponse redirect(HttpResponseStatus status, String location) {
        FullHttpResponse response = bytes(status, new byte[0], "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    /** The session cookie's value, if the request has exactly one. */
    public static @Nullable String sessionId(HttpHeaders headers) {
        String header = headers.get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        String found = null;
        for (Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (COOKIE.equals(cookie.name())) {
                if (found != null) {
                    return null; // two session cookies: cookie tossing from a sibling host; trust neither
                }
                found = cookie.value();
            }
        }
        return found;
    }

    /** {@code Set-Cookie} for a session ID; {@code maxAge} zero deletes the cookie. */
    public static String sessionCookie(String id, boolean secure, Duration maxAge) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setPath(COOKIE_PATH);
        cookie.setSecure(secure);
        cookie.setMaxAge(maxAge.toSeconds());
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    /**
     * Whether a request may come from where it says it comes from: a {@code Sec-Fetch-Site} other than
     * {@code same-origin} (or {@code none}, a typed URL or bookmark, when {@code navigation}) is refused, and so is an
     * {@code Origin} other than this server's own (scheme and {@code Host}). Requests with neither header come from
     * non-browser clients, which cannot be tricked into sending a cookie (cross-site request forgery needs a browser).
     */
    public static boolean sameOrigin(HttpHeaders headers, boolean secure, boolean navigation) {
        String site = headers.get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !(navigation && site.equals("none"))) {
            return false;
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        return host != null && origin.equalsIgnoreCase((secure ? "https://" : "http://") + host);
    }
}
