package io.thingcore.api.auth;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Golden requests: signed by the AWS SDK for Java v2's own SigV4 signer, as IotClient signs them. */
public final class SdkSigned {
    public static final String ACCESS_KEY = "AKIDEXAMPLE";
    public static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static final String REGION = "us-east-1";
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

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
        return sign(method, encodedPath, query, body, SECRET, REGION, "iot", NOW, null);
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
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol("http")
                .host("127.0.0.1")
                .port(4566)
                .encodedPath(encodedPath)
                .putHeader("Content-Type", "application/json");
        query.forEach(builder::putRawQueryParameter);
        SdkHttpRequest request = builder.build();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(ACCESS_KEY, secret))
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(bytes))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (presignFor != null) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presignFor);
            }
        });
        HttpHeaders headers = new DefaultHttpHeaders();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> headers.add(name, v)));
        headers.set("Content-Length", bytes.length);
        String rawQuery = signed.request().encodedQueryParameters().orElse("");
        return new Raw(method, signed.request().encodedPath(), rawQuery, headers, bytes);
    }
}
