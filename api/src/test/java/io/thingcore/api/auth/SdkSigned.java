package io.thingcore.api.auth;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.thingcore.testkit.sigv4.SigV4Signer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Golden requests signed by the test kit's {@link SigV4Signer} (the AWS SDK for Java v2's own signer, as IotClient
 * signs), as the api's code sees them: Netty requests and {@link io.thingcore.api.auth.SignedRequest}s.
 */
public final class SdkSigned {
    public static final String ACCESS_KEY = SigV4Signer.ACCESS_KEY;
    public static final String SECRET = SigV4Signer.SECRET;
    public static final String REGION = SigV4Signer.REGION;
    public static final Instant NOW = SigV4Signer.NOW;

    private SdkSigned() {}

    /** What a test needs of a signed request: the raw request line parts, headers and body. */
    public record Raw(String method, String rawPath, String rawQuery, HttpHeaders headers, byte[] body) {
        public io.thingcore.api.auth.SignedRequest toSignedRequest() {
            return new io.thingcore.api.auth.SignedRequest(method, rawPath, rawQuery, headers, body, false);
        }

        public FullHttpRequest toNetty() {
            String uri = rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
            FullHttpRequest request = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri, Unpooled.wrappedBuffer(body));
            request.headers().set(headers);
            return request;
        }

        public Raw withHeader(String name, String value) {
            HttpHeaders copy = new DefaultHttpHeaders().set(headers).set(name, value);
            return new Raw(method, rawPath, rawQuery, copy, body);
        }

        public Raw withBody(String newBody) {
            return new Raw(method, rawPath, rawQuery, headers, newBody.getBytes(StandardCharsets.UTF_8));
        }

        public Raw withQuery(String newQuery) {
            return new Raw(method, rawPath, newQuery, headers, body);
        }

        public Raw withPath(String newPath) {
            return new Raw(method, rawPath.equals(newPath) ? rawPath : newPath, rawQuery, headers, body);
        }
    }

    public static Raw sign(String method, String encodedPath, Map<String, List<String>> query, String body) {
        return of(SigV4Signer.sign(method, encodedPath, query, body));
    }

    public static Raw sign(
            String method,
            String encodedPath,
            Map<String, List<String>> query,
            String body,
            String secret,
            String region,
            String service,
            Instant at,
            Duration presignFor) {
        return of(SigV4Signer.sign(method, encodedPath, query, body, secret, region, service, at, presignFor));
    }

    private static Raw of(SigV4Signer.Signed signed) {
        HttpHeaders headers = new DefaultHttpHeaders();
        signed.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
        return new Raw(signed.method(), signed.rawPath(), signed.rawQuery(), headers, signed.body());
    }
}
