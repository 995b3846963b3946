package io.thingcore.testkit.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs HTTP requests with the AWS SDK's SigV4 signer (AWS General Reference, "Signature Version 4 signing process"),
 * in the Authorization header or, presigned, in the query string. The default credentials are the example ones of
 * AWS's SigV4 documentation.
 */
public final class SigV4Signer {
    public static final String ACCESS_KEY = "AKIDEXAMPLE";
    public static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static final String REGION = "us-east-1";
    /** The signing time of {@link #sign(String, String, Map, String)}: fixed, so that verifiers can fix their clock. */
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private SigV4Signer() {}

    /**
     * A signed request as it goes on the wire.
     *
     * @param rawPath the path as the signer encoded it
     * @param rawQuery the query string as the signer encoded it, without {@code ?}, empty when none
     * @param headers every header the request carries, signed or not, in order
     */
    public record Signed(
            String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {
        public Signed {
            headers = List.copyOf(headers);
        }

        /** The first value of header {@code name} (case-insensitive), or null. */
        public @Nullable String header(String name) {
            return headers.stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** Signs with the default credentials, region {@code us-east-1}, service {@code iot}, at {@link #NOW}. */
    public static Signed sign(
            String method, String encodedPath, Map<String, List<String>> query, @Nullable String body) {
        return sign(method, encodedPath, query, body, SECRET, REGION, "iot", NOW, null);
    }

    /**
     * Signs a JSON request for {@code http://127.0.0.1:4566}.
     *
     * @param encodedPath the path, already percent-encoded as the client sends it
     * @param body the body, or null for none
     * @param presignFor null to sign in the Authorization header, or how long a presigned URL stays valid
     */
    public static Signed sign(
            String method,
            String encodedPath,
            Map<String, List<String>> query,
            @Nullable String body,
            String secret,
            String region,
            String service,
            Instant at,
            @Nullable Duration presignFor) {
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
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> headers.add(Map.entry(name, v)));
            }
        });
        headers.add(Map.entry("Content-Length", Integer.toString(bytes.length)));
        String rawQuery = signed.request().encodedQueryParameters().orElse("");
        return new Signed(method, signed.request().encodedPath(), rawQuery, headers, bytes);
    }
}
