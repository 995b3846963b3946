package io.thingcore.api.auth;

import io.netty.handler.codec.http.HttpHeaders;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.PercentCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) in the Authorization header or in a presigned query
 * string, for one access key and one region.
 *
 * <p>Why hand-written canonicalisation rather than the SDK's {@code AwsV4HttpSigner}: a verifier must rebuild the
 * canonical request the <em>client</em> chose, and the SDK signer chooses its own. It always adds and signs
 * {@code x-amz-content-sha256} and {@code X-Amz-Date} and drops {@code user-agent}, {@code expect} etc. from the
 * signed set, while botocore signs no {@code x-amz-content-sha256} for non-S3 services; re-signing a botocore
 * request with the SDK signer therefore never matches. The rules below are the shared ones of both clients and are
 * tested against requests signed by the SDK's signer and by botocore:
 *
 * <ul>
 *   <li>Canonical URI: the raw path, dot segments removed, percent-encoded <em>again</em> except {@code /} ({@code %2F}
 *       → {@code %252F}; botocore {@code auth.py}, {@code SigV4Auth.canonical_request}). botocore also collapses
 *       {@code //}, the Java SDK does not; both variants are tried when they differ.
 *   <li>Canonical query: {@code %XX}-decoded names and values re-encoded per RFC 3986, sorted by name then value,
 *       without {@code X-Amz-Signature}.
 *   <li>Canonical headers: exactly the client's {@code SignedHeaders} (which must include {@code host}), values
 *       trimmed, inner whitespace collapsed, repeated headers joined with commas.
 *   <li>Payload hash: {@code x-amz-content-sha256} when present (it must match the body, except
 *       {@code UNSIGNED-PAYLOAD} over TLS), otherwise the SHA-256 of the body.
 *   <li>Time: {@code X-Amz-Date}, else {@code Date}; at most 15 minutes of skew (presigned: until
 *       {@code X-Amz-Expires}).
 * </ul>
 *
 * Signatures are compared in constant time. Stateless and thread-safe; runs on API worker threads.
 */
public final class SigV4Verifier {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final byte[] secretKey;
    private final String region;
    private final Set<String> services;
    private final Clock clock;

    /**
     * @param services the signing names accepted in the credential scope (e.g. {@code iot} for the control plane,
     *     {@code iotdata} for the data plane); the first is named in errors
     */
    public SigV4Verifier(String accessKeyId, String secretAccessKey, String region, Set<String> services, Clock clock) {
        this.accessKeyId = requireNonEmpty(accessKeyId, "accessKeyId");
        this.secretKey =
                ("AWS4" + requireNonEmpty(secretAccessKey, "secretAccessKey")).getBytes(StandardCharsets.UTF_8);
        this.region = requireNonEmpty(region, "region");
        this.services = new LinkedHashSet<>(services);
        if (this.services.isEmpty()) {
            throw new IllegalArgumentException("at least one service signing name is required");
        }
        this.clock = clock;
    }

    private static String requireNonEmpty(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /** The one access key ID this verifier accepts (not secret: it is how the audit log names the caller). */
    public String accessKeyId() {
        return accessKeyId;
    }

    /**
     * The access key ID a request claims in its {@code Credential} (header) or {@code X-Amz-Credential} (query), for
     * the audit line of a refused request; null when it names none. Unverified: the caller escapes it before logging.
     */
    public static @Nullable String claimedAccessKeyId(HttpHeaders headers, String rawQuery) {
        String authorization = headers.get("Authorization");
        String credential = null;
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            if (at >= 0) {
                credential = authorization.substring(at + "Credential=".length());
            }
        } else {
            Map<String, List<String>> query = PercentCodec.parseQuery(rawQuery);
            credential = query == null ? null : first(query, "X-Amz-Credential");
        }
        if (credential == null) {
            return null;
        }
        int end = 0;
        while (end < credential.length() && credential.charAt(end) != '/' && credential.charAt(end) != ',') {
            end++;
        }
        return end == 0 ? null : credential.substring(0, end);
    }

    /** Who signed the request and for which service; the service tells the control plane from the data plane. */
    public record Verified(String accessKeyId, String region, String service, Instant signedAt) {}

    /**
     * Returns the verified identity or throws an {@link ApiException}: 403 MissingAuthenticationTokenException,
     * UnrecognizedClientException, InvalidSignatureException; 400 IncompleteSignatureException.
     */
    public Verified verify(SignedRequest request) {
        String authorization = request.headers().get("Authorization");
        Map<String, List<String>> query = PercentCodec.parseQuery(request.rawQuery());
        if (query == null) {
            throw ApiException.invalidRequest("The query string has a malformed percent-encoding");
        }
        if (authorization != null) {
            return verifyHeader(request, authorization, query);
        }
        if (first(query, "X-Amz-Algorithm") != null || first(query, "X-Amz-Signature") != null) {
            return verifyPresigned(request, query);
        }
        throw AuthErrors.missingToken();
    }

    private Verified verifyHeader(SignedRequest request, String authorization, Map<String, List<String>> query) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!ALGORITHM.equals(algorithm)) {
            throw AuthErrors.incomplete("Unsupported Authorization type '" + algorithm + "'; only " + ALGORITHM
                    + " (AWS Signature Version 4) is accepted.");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.substring(space + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!parts.containsKey(required) || parts.get(required).isEmpty()) {
                missing.add("Authorization header requires '" + required + "' parameter.");
            }
        }
        String amzDate = request.headers().get("X-Amz-Date");
        String httpDate = request.headers().get("Date");
        if (amzDate == null && httpDate == null) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (!missing.isEmpty()) {
            throw AuthErrors.incomplete(String.join(" ", missing) + " Authorization=" + algorithm);
        }
        Scope scope = scope(checked(parts.get("Credential")));
        Instant signedAt = amzDate != null ? parseIsoBasic(amzDate) : parseHttpDate(httpDate);
        checkScopeDate(scope, signedAt);
        checkSkew(signedAt);
        String payloadHash = payloadHash(request, request.headers().get("x-amz-content-sha256"));
        checkSignature(
                request,
                query,
                scope,
                signedAt,
                checked(parts.get("SignedHeaders")),
                payloadHash,
                checked(parts.get("Signature")),
                null);
        return new Verified(scope.accessKeyId, scope.region, scope.service, signedAt);
    }

    private Verified verifyPresigned(SignedRequest request, Map<String, List<String>> query) {
        List<String> missing = new ArrayList<>();
        for (String required : List.of(
                "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature")) {
            if (first(query, required) == null) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw AuthErrors.incomplete("AWS query-string parameters missing: " + String.join(", ", missing));
        }
        if (!ALGORITHM.equals(first(query, "X-Amz-Algorithm"))) {
            throw AuthErrors.incomplete("Unsupported X-Amz-Algorithm; only " + ALGORITHM + " is accepted.");
        }
        Scope scope = scope(checked(first(query, "X-Amz-Credential")));
        Instant signedAt = parseIsoBasic(checked(first(query, "X-Amz-Date")));
        checkScopeDate(scope, signedAt);
        String expiresParam = first(query, "X-Amz-Expires");
        long expires;
        try {
            expires = expiresParam == null ? MAX_SKEW.toSeconds() : Long.parseLong(expiresParam);
        } catch (NumberFormatException e) {
            throw AuthErrors.incomplete("X-Amz-Expires must be a number of seconds");
        }
        if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
            throw AuthErrors.incomplete("X-Amz-Expires must be between 1 and " + MAX_PRESIGN_SECONDS + " seconds");
        }
        Instant now = clock.instant();
        if (now.isAfter(signedAt.plusSeconds(expires))) {
            throw AuthErrors.invalidSignature("Signature expired: " + ISO_BASIC.format(signedAt) + " is now earlier"
                    + " than " + ISO_BASIC.format(now.minusSeconds(expires)) + " (" + ISO_BASIC.format(now) + " - "
                    + expires + " sec.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw notYetCurrent(signedAt, now);
        }
        String payloadHash = payloadHash(request, request.headers().get("x-amz-content-sha256"));
        checkSignature(
                request,
                query,
                scope,
                signedAt,
                checked(first(query, "X-Amz-SignedHeaders")),
                payloadHash,
                checked(first(query, "X-Amz-Signature")),
                "X-Amz-Signature");
        return new Verified(scope.accessKeyId, scope.region, scope.service, signedAt);
    }

    private record Scope(String accessKeyId, String date, String region, String service) {
        String path() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    private Scope scope(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !"aws4_request".equals(parts[4]) || parts[0].isEmpty()) {
            throw AuthErrors.incomplete("Credential must have the form <AccessKeyId>/<yyyyMMdd>/<region>/<service>"
                    + "/aws4_request; got '" + credential + "'.");
        }
        Scope scope = new Scope(parts[0], parts[1], parts[2], parts[3]);
        if (!MessageDigest.isEqual(
                scope.accessKeyId.getBytes(StandardCharsets.UTF_8), accessKeyId.getBytes(StandardCharsets.UTF_8))) {
            throw AuthErrors.unrecognizedClient(scope.accessKeyId);
        }
        if (!services.contains(scope.service)) {
            throw AuthErrors.invalidSignature("Credential should be scoped to correct service: '"
                    + services.iterator().next() + "'. ");
        }
        if (!region.equals(scope.region)) {
            // Storage keys carry the region (a namespace per account and region), but one gateway serves one region
            // for now. AWS's type and first sentence, then both fixes: the client's region (most often a profile made
            // for another region) or the gateway's.
            throw AuthErrors.wrongRegion(scope.region, region);
        }
        return scope;
    }

    private static void checkScopeDate(Scope scope, Instant signedAt) {
        String isoDate = ISO_BASIC.format(signedAt);
        if (!isoDate.startsWith(scope.date) || scope.date.length() != 8) {
            throw AuthErrors.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version"
                    + " of date from HTTP: '" + scope.date + "' != '" + isoDate.substring(0, 8) + "', from '"
                    + isoDate + "'.");
        }
    }

    private void checkSkew(Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw AuthErrors.invalidSignature("Signature expired: " + ISO_BASIC.format(signedAt) + " is now earlier"
                    + " than " + ISO_BASIC.format(now.minus(MAX_SKEW)) + " (" + ISO_BASIC.format(now)
                    + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw notYetCurrent(signedAt, now);
        }
    }

    private static ApiException notYetCurrent(Instant signedAt, Instant now) {
        return AuthErrors.invalidSignature("Signature not yet current: " + ISO_BASIC.format(signedAt)
                + " is still later than " + ISO_BASIC.format(now.plus(MAX_SKEW)) + " (" + ISO_BASIC.format(now)
                + " + 15 min.)");
    }

    private static Instant parseIsoBasic(String value) {
        try {
            return ZonedDateTime.parse(value, ISO_BASIC).toInstant();
        } catch (DateTimeParseException e) {
            throw AuthErrors.incomplete(
                    "X-Amz-Date must be in the ISO 8601 basic format yyyyMMdd'T'HHmmss'Z'; got '" + value + "'.");
        }
    }

    private static Instant parseHttpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw AuthErrors.incomplete("Date must be an RFC 1123 date; got '" + value + "'.");
        }
    }

    private static String payloadHash(SignedRequest request, String declared) {
        if (declared == null) {
            return HEX.formatHex(sha256(request.body()));
        }
        if (UNSIGNED_PAYLOAD.equals(declared)) {
            if (!request.secure()) {
                throw AuthErrors.invalidSignature("UNSIGNED-PAYLOAD is only accepted over HTTPS.");
            }
            return UNSIGNED_PAYLOAD;
        }
        String actual = HEX.formatHex(sha256(request.body()));
        if (!MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII),
                declared.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw AuthErrors.invalidSignature(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return actual;
    }

    private void checkSignature(
            SignedRequest request,
            Map<String, List<String>> query,
            Scope scope,
            Instant signedAt,
            String signedHeaders,
            String payloadHash,
            String provided,
            @Nullable String excludedParam) {
        List<String> headerNames = List.of(signedHeaders.split(";", -1));
        if (!headerNames.contains("host")) {
            throw AuthErrors.invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String canonicalQuery = canonicalQuery(query, excludedParam);
        String canonicalHeaders = canonicalHeaders(request, headerNames);
        byte[] signingKey = signingKey(scope);
        byte[] providedBytes = provided.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        String firstCanonical = null;
        String firstStringToSign = null;
        for (String canonicalUri : canonicalUris(request.rawPath())) {
            String canonical = request.method() + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders
                    + "\n" + signedHeaders + "\n" + payloadHash;
            String stringToSign = ALGORITHM + "\n" + ISO_BASIC.format(signedAt) + "\n" + scope.path() + "\n"
                    + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
            byte[] expected = HEX.formatHex(hmac(signingKey, stringToSign)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, providedBytes)) {
                return;
            }
            if (firstCanonical == null) {
                firstCanonical = canonical;
                firstStringToSign = stringToSign;
            }
        }
        // AWS, too, shows the canonical request it computed: it holds nothing secret and makes signing bugs findable.
        throw AuthErrors.invalidSignature(AuthErrors.SIGNATURE_MISMATCH + "\n\nThe Canonical String for this request"
                + " should have been\n'" + firstCanonical + "'\n\nThe String-to-Sign should have been\n'"
                + firstStringToSign + "'\n");
    }

    /** The canonical URI candidates: Java SDK normalisation first, then botocore's when it differs. */
    static List<String> canonicalUris(String rawPath) {
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return List.of("/");
        }
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(encodeUri(removeDotSegments(rawPath, false)));
        candidates.add(encodeUri(removeDotSegments(rawPath, true)));
        return List.copyOf(candidates);
    }

    private static String encodeUri(String path) {
        return path.isEmpty() ? "/" : SdkHttpUtils.urlEncodeIgnoreSlashes(path);
    }

    /** RFC 3986 5.2.4 on whole segments; {@code collapseEmpty} also drops empty segments, as botocore does. */
    static String removeDotSegments(String path, boolean collapseEmpty) {
        String[] segments = path.split("/", -1);
        List<String> output = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    output.add("");
                }
            } else if (segment.equals("..")) {
                if (!output.isEmpty()) {
                    output.remove(output.size() - 1);
                }
                if (last) {
                    output.add("");
                }
            } else if (!segment.isEmpty() || !collapseEmpty || last) {
                output.add(segment);
            }
        }
        String joined = "/" + String.join("/", output);
        // a trailing "/" only if the input had one (both clients keep it; botocore drops it for an all-empty path)
        if (!path.endsWith("/") && joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined;
    }

    static String canonicalQuery(Map<String, List<String>> query, @Nullable String excludedParam) {
        List<String[]> pairs = new ArrayList<>();
        query.forEach((name, values) -> {
            if (name.isEmpty() || name.equals(excludedParam)) {
                return;
            }
            String encodedName = SdkHttpUtils.urlEncode(name);
            for (String value : values) {
                pairs.add(new String[] {encodedName, SdkHttpUtils.urlEncode(value)});
            }
        });
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private static String canonicalHeaders(SignedRequest request, List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(name).append(':');
            List<String> values = request.headers().getAll(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(values.get(i).strip().replaceAll("\\s+", " "));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private byte[] signingKey(Scope scope) {
        byte[] key = hmac(secretKey, scope.date);
        key = hmac(key, scope.region);
        key = hmac(key, scope.service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A parameter whose presence was checked before (a missing one is answered with AWS's error first). */
    private static String checked(@Nullable String parameter) {
        if (parameter == null) {
            throw new IllegalStateException("a SigV4 parameter was used before its presence was checked");
        }
        return parameter;
    }

    private static @Nullable String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
