package io.thingcore.api.auth;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * What SigV4 covers of one HTTP request, exactly as received: the raw (still percent-encoded) path and query, the
 * headers and the body. {@code secure} tells whether it arrived over TLS, the only case where an
 * {@code UNSIGNED-PAYLOAD} body hash is accepted.
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, HttpHeaders headers, byte[] body, boolean secure) {}
