package io.thingcore.api.auth;

import static io.thingcore.api.auth.SdkSigned.ACCESS_KEY;
import static io.thingcore.api.auth.SdkSigned.NOW;
import static io.thingcore.api.auth.SdkSigned.REGION;
import static io.thingcore.api.auth.SdkSigned.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.thingcore.api.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class SigV4VerifierTest {
    private static final String CERT_ARN_LABEL =
            "arn%3Aaws%3Aiot%3Aus-east-1%3A123456789012%3Acert%2F" + "ab".repeat(32);

    private final SigV4Verifier verifier = verifier(Clock.fixed(NOW, ZoneOffset.UTC));

    private static SigV4Verifier verifier(Clock clock) {
        return new SigV4Verifier(ACCESS_KEY, SECRET, REGION, Set.of("iot", "iotdata"), clock);
    }

    private static void assertError(ThrowableAssert.ThrowingCallable call, String type, int status, String text) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(type);
                    assertThat(e.status()).isEqualTo(status);
                })
                .hasMessageContaining(text);
    }

    @Test
    void acceptsSdkSignedRequestWithEncodedSlashAndColonInOneLabel() {
        var raw =
                SdkSigned.sign("POST", "/attached-policies/" + CERT_ARN_LABEL, Map.of("pageSize", List.of("2")), "{}");
        assertThat(raw.rawPath()).contains("%2F").contains("%3A");

        var verified = verifier.verify(raw.toSignedRequest());

        assertThat(verified.service()).isEqualTo("iot");
        assertThat(verified.region()).isEqualTo(REGION);
        assertThat(verified.signedAt()).isEqualTo(NOW);
    }

    @Test
    void acceptsQueryValuesThatNeedEncoding() {
        var raw = SdkSigned.sign(
                "GET",
                "/certificates",
                Map.of(
                        "marker", List.of("a+b/c=="),
                        "isAscendingOrder", List.of("true"),
                        "x", List.of("space here", "~tilde*star")),
                null);
        verifier.verify(raw.toSignedRequest());
    }

    @Test
    void acceptsDataPlaneSigningName() {
        var raw = SdkSigned.sign(
                "POST", "/topics/a%2Fb", Map.of("qos", List.of("1")), "payload", SECRET, REGION, "iotdata", NOW, null);
        assertThat(verifier.verify(raw.toSignedRequest()).service()).isEqualTo("iotdata");
    }

    @Test
    void acceptsPresignedQuery() {
        var raw = SdkSigned.sign(
                "GET",
                "/things/t1",
                Map.of(),
                null,
                SECRET,
                REGION,
                "iot",
                NOW.minusSeconds(30),
                Duration.ofMinutes(5));
        assertThat(raw.headers().get("Authorization")).isNull();
        assertThat(raw.rawQuery()).contains("X-Amz-Signature=");
        verifier.verify(raw.toSignedRequest());
    }

    @Test
    void refusesExpiredPresignedQuery() {
        var raw = SdkSigned.sign(
                "GET",
                "/things/t1",
                Map.of(),
                null,
                SECRET,
                REGION,
                "iot",
                NOW.minus(Duration.ofMinutes(10)),
                Duration.ofMinutes(5));
        assertError(
                () -> verifier.verify(raw.toSignedRequest()), "InvalidSignatureException", 403, "Signature expired");
    }

    @Test
    void missingAuthentication() {
        var request = new SignedRequest("GET", "/things", "", new DefaultHttpHeaders(), new byte[0], false);
        assertError(
                () -> verifier.verify(request),
                "MissingAuthenticationTokenException",
                403,
                "Missing Authentication Token");
    }

    @Test
    void unknownAccessKey() {
        var raw = SdkSigned.sign("GET", "/things", Map.of(), null);
        String auth = raw.headers().get("Authorization").replace(ACCESS_KEY, "AKIDOTHER");
        assertError(
                () -> verifier.verify(raw.withHeader("Authorization", auth).toSignedRequest()),
                "UnrecognizedClientException",
                403,
                "The security token included in the request is invalid. The access key 'AKIDOTHER' is not this"
                        + " gateway's: it accepts one access key, the one in connection.json in its data directory"
                        + " (~/.thingcore unless the gateway was started with --data-dir; 'thingcore up' prints it as"
                        + " AWS CLI lines), or the one it was given with --credentials-file or"
                        + " THINGCORE_ACCESS_KEY_ID.");
    }

    @Test
    void wrongSecret() {
        var raw = SdkSigned.sign("GET", "/things", Map.of(), null, "not-the-secret", REGION, "iot", NOW, null);
        assertError(
                () -> verifier.verify(raw.toSignedRequest()),
                "InvalidSignatureException",
                403,
                "The request signature we calculated does not match the signature you provided");
    }

    @Test
    void wrongRegionNamesTheExpectedOneAndTheOptionThatServesIt() {
        var raw = SdkSigned.sign("GET", "/things", Map.of(), null, SECRET, "eu-west-1", "iot", NOW, null);
        assertError(
                () -> verifier.verify(raw.toSignedRequest()),
                "InvalidSignatureException",
                403,
                "Credential should be scoped to a valid region, not 'eu-west-1'. This gateway serves region"
                        + " 'us-east-1': sign for it (AWS_REGION=us-east-1 for any SDK, --region us-east-1 on the AWS"
                        + " CLI, or region = us-east-1 in the profile), or start the gateway with --region eu-west-1 to"
                        + " serve that region instead.");
    }

    @Test
    void wrongService() {
        var raw = SdkSigned.sign("GET", "/things", Map.of(), null, SECRET, REGION, "s3", NOW, null);
        assertError(
                () -> verifier.verify(raw.toSignedRequest()),
                "InvalidSignatureException",
                403,
                "Credential should be scoped to correct service");
    }

    @Test
    void skewBeyondFifteenMinutesBothWays() {
        var old = SdkSigned.sign(
                "GET", "/things", Map.of(), null, SECRET, REGION, "iot", NOW.minus(Duration.ofMinutes(16)), null);
        assertError(
                () -> verifier.verify(old.toSignedRequest()),
                "InvalidSignatureException",
                403,
                "Signature expired: 20260301T114400Z is now earlier than 20260301T114500Z");
        var future = SdkSigned.sign(
                "GET", "/things", Map.of(), null, SECRET, REGION, "iot", NOW.plus(Duration.ofMinutes(16)), null);
        assertError(
                () -> verifier.verify(future.toSignedRequest()),
                "InvalidSignatureException",
                403,
                "Signature not yet current");
        var withinSkew = SdkSigned.sign(
                "GET", "/things", Map.of(), null, SECRET, REGION, "iot", NOW.minus(Duration.ofMinutes(14)), null);
        verifier.verify(withinSkew.toSignedRequest());
    }

    @Test
    void tamperedSignedHeader() {
        var raw = SdkSigned.sign("GET", "/things", Map.of(), null);
        assertError(
                () -> verifier.verify(
                        raw.withHeader("Content-Type", "text/plain").toSignedRequest()),
                "InvalidSignatureException",
                403,
                "does not match");
    }

    @Test
    void tamperedBody() {
        var raw = SdkSigned.sign("POST", "/things/t1", Map.of(), "{\"thingTypeName\":\"a\"}");
        // the SDK declares the body hash in x-amz-content-sha256; a different body no longer matches it
        assertError(
                () -> verifier.verify(raw.withBody("{\"thingTypeName\":\"b\"}").toSignedRequest()),
                "InvalidSignatureException",
                403,
                "x-amz-content-sha256");
        var undeclared = raw.withBody("{\"thingTypeName\":\"b\"}");
        undeclared.headers().remove("x-amz-content-sha256");
        assertError(
                () -> verifier.verify(undeclared.toSignedRequest()),
                "InvalidSignatureException",
                403,
                "does not match");
    }

    @Test
    void tamperedQueryAndPath() {
        var raw = SdkSigned.sign(
                "DELETE", "/certificates/" + "ab".repeat(32), Map.of("forceDelete", List.of("false")), null);
        assertError(
                () -> verifier.verify(raw.withQuery("forceDelete=true").toSignedRequest()),
                "InvalidSignatureException",
                403,
                "does not match");
        assertError(
                () -> verifier.verify(
                        raw.withPath("/certificates/" + "cd".repeat(32)).toSignedRequest()),
                "InvalidSignatureException",
                403,
                "does not match");
    }

    @Test
    void doubleEncodedLabelIsPartOfTheCanonicalRequest() {
        var raw = SdkSigned.sign("POST", "/attached-policies/" + CERT_ARN_LABEL, Map.of(), "{}");
        // a client that decoded %2F before signing (single encoding) must not verify
        String singleEncoded = "/attached-policies/arn:aws:iot:us-east-1:123456789012:cert%2F" + "ab".repeat(32);
        assertError(
                () -> verifier.verify(raw.withPath(singleEncoded).toSignedRequest()),
                "InvalidSignatureException",
                403,
                "does not match");
        assertThat(SigV4Verifier.canonicalUris(raw.rawPath()).get(0))
                .isEqualTo("/attached-policies/arn%253Aaws%253Aiot%253Aus-east-1%253A123456789012%253Acert%252F"
                        + "ab".repeat(32));
    }

    @Test
    void malformedAuthorizationHeader() {
        var raw = SdkSigned.sign("GET", "/things", Map.of(), null);
        assertError(
                () -> verifier.verify(
                        raw.withHeader("Authorization", "Bearer abc").toSignedRequest()),
                "IncompleteSignatureException",
                400,
                "AWS4-HMAC-SHA256");
        assertError(
                () -> verifier.verify(raw.withHeader("Authorization", "AWS4-HMAC-SHA256 Credential=x")
                        .toSignedRequest()),
                "IncompleteSignatureException",
                400,
                "'Signature'");
    }

    @Test
    void canonicalUriNormalisation() {
        assertThat(SigV4Verifier.canonicalUris("")).containsExactly("/");
        assertThat(SigV4Verifier.canonicalUris("/a/./b/../c")).containsExactly("/a/c");
        assertThat(SigV4Verifier.canonicalUris("/a//b")).containsExactly("/a//b", "/a/b");
        assertThat(SigV4Verifier.canonicalUris("/a%20b/")).containsExactly("/a%2520b/");
    }
}
