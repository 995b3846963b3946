package io.thingcore.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Issue 13: the policy parser under a coverage-guided fuzzer. Whatever document text arrives (CreatePolicy,
 * CreatePolicyVersion, the console's live validation), parsing either compiles it or refuses it with
 * {@link MalformedPolicyException} (the API's MalformedPolicyException); a compiled document then evaluates any
 * request without throwing, and both evaluation paths agree. In a normal build the seeds under
 * {@code src/test/resources/io/thingcore/policy/PolicyParserFuzzTestInputs/} run as regression tests;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/security.md, "Proving suite").
 */
class PolicyParserFuzzTest {
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";

    /**
     * The input is the document, then NUL-separated the client ID, the action and the resource of one request (so
     * that the committed seeds are plain policy documents).
     */
    @FuzzTest(maxDuration = "30s")
    void anyDocument_compilesOrIsRefusedAsMalformed(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\0", 4);
        String document = parts[0];
        String clientId = parts.length > 1 ? parts[1] : "DIC_2";
        String action = parts.length > 2 ? parts[2] : "iot:Publish";
        String resource = ARN + (parts.length > 3 ? parts[3] : "topic/DIC_2/state");
        PolicyDocument parsed;
        try {
            parsed = PolicyDocument.parse(document);
        } catch (MalformedPolicyException refused) {
            return;
        }
        List<PolicyRef> policies = List.of(new PolicyRef("fuzzed", ARN + "policy/fuzzed", parsed));
        AuthorizationContext context = AuthorizationContext.builder()
                .clientId(clientId)
                .thing(clientId, null, Map.of("room", clientId))
                .sourceIp("192.0.2.1")
                .build();
        boolean fast = PolicyEvaluator.isAllowed(policies, action, resource, context);
        Decision explained = PolicyEvaluator.evaluate(policies, new AuthorizationRequest(action, resource), context);
        if (fast != explained.isAllowed()) {
            throw new AssertionError(
                    "isAllowed and evaluate disagree on " + action + " " + resource + ": " + explained);
        }
    }
}
