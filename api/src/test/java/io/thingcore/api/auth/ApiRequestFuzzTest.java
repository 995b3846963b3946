package io.thingcore.api.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.JsonBody;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Issue 13: what the API reads from a request before and right after authentication, under a coverage-guided
 * fuzzer: the SigV4 verification (Authorization header, presigned query, dates, credential scope, signed headers,
 * canonical request) and the JSON body. Anyone who can reach the port controls all of it; each is either accepted or
 * refused with an {@link ApiException} (AWS's error type and status), never another exception. In a normal build the
 * seeds under {@code src/test/resources/io/thingcore/api/auth/ApiRequestFuzzTestInputs/} run as regression tests;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/security.md, "Proving suite").
 */
class ApiRequestFuzzTest {
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            SdkSigned.ACCESS_KEY,
            SdkSigned.SECRET,
            SdkSigned.REGION,
            Set.of("iot", "iotdata"),
            Clock.fixed(SdkSigned.NOW, ZoneOffset.UTC));
    private static final SdkSigned.Raw GENUINE =
            SdkSigned.sign("POST", "/things/DIC_2", Map.of("a", List.of("b c")), "{\"thingTypeName\":\"dic\"}");
    private static final List<String> MEMBERS =
            List.of("thingName", "attributePayload", "attributes", "merge", "tags", "Key", "expectedVersion", "");

    /**
     * A request built by the fuzzer, or a genuine SDK-signed request with one part replaced by the fuzzer (so that
     * the fuzzer reaches the checks behind a well-formed Authorization header).
     */
    @FuzzTest(maxDuration = "30s")
    void anyRequest_isVerifiedOrRefusedWithAnApiError(FuzzedDataProvider data) {
        SdkSigned.Raw raw = GENUINE;
        HttpHeaders headers = new DefaultHttpHeaders().set(GENUINE.headers());
        String method = raw.method();
        String path = raw.rawPath();
        String query = raw.rawQuery();
        try {
            switch (data.consumeInt(0, 5)) {
                case 0 -> headers.set("Authorization", data.consumeString(400));
                case 1 -> headers.set("X-Amz-Date", data.consumeString(30));
                case 2 -> {
                    String authorization = headers.get("Authorization");
                    int at = data.consumeInt(0, authorization.length());
                    headers.set("Authorization", authorization.substring(0, at) + data.consumeString(100));
                }
                case 3 -> {
                    headers.remove("Authorization");
                    query = data.consumeString(600);
                }
                case 4 -> path = data.consumeString(200);
                default -> {
                    headers.set(data.consumeString(20), data.consumeString(50));
                    method = data.consumeString(8);
                }
            }
        } catch (IllegalArgumentException notAHeader) {
            // Netty's header validation: the HTTP codec never produces such a name or value, so no request has it
            return;
        }
        byte[] body = data.consumeBoolean() ? raw.body() : data.consumeRemainingAsBytes();
        try {
            VERIFIER.verify(new SignedRequest(method, path, query, headers, body, data.consumeBoolean()));
        } catch (ApiException refused) {
            // AWS's 400/403 answer
        }
    }

    /** Any body: the accessors the operations use either read it or refuse it with an {@link ApiException}. */
    @FuzzTest(maxDuration = "30s")
    void anyJsonBody_isReadOrRefusedWithAnApiError(byte[] input) {
        JsonBody body;
        try {
            body = JsonBody.parse(input);
        } catch (ApiException refused) {
            return;
        }
        readEverything(body, 0);
    }

    private static void readEverything(JsonBody body, int depth) {
        for (String name : MEMBERS) {
            attempt(() -> body.has(name));
            attempt(() -> body.string(name));
            attempt(() -> body.bool(name));
            attempt(() -> body.longValue(name));
            attempt(() -> body.strings(name));
            attempt(() -> body.stringMap(name));
            attempt(() -> body.objects(name, o -> o.string("Key")));
            attempt(() -> body.requiredString(name));
            attempt(() -> body.enumValue(name, DayOfWeek.class));
            if (depth < 3) {
                attempt(() -> {
                    JsonBody inner = body.object(name);
                    if (inner != null) {
                        readEverything(inner, depth + 1);
                    }
                    return inner;
                });
            }
        }
    }

    private static void attempt(Supplier<?> read) {
        try {
            read.get();
        } catch (ApiException refused) {
            // AWS's answer to a member of the wrong type
        }
    }
}
