package io.thingcore.policy;

import java.util.List;

/** Test helpers: build documents and references tersely. */
final class Policies {
    static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    static final String SEED =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private Policies() {}

    static PolicyRef ref(String name, String json) {
        return new PolicyRef(name, ARN + "policy/" + name, PolicyDocument.parse(json));
    }

    /** A one-statement 2012-10-17 document; {@code ARN:} in the resource expands to the account's ARN prefix. */
    static String statement(String effect, String action, String resource) {
        return statement(effect, action, resource, null);
    }

    static String statement(String effect, String action, String resource, String conditionJson) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource.replace("ARN:", ARN) + "\""
                + (conditionJson == null ? "" : ",\"Condition\":" + conditionJson) + "}}";
    }

    static boolean allowed(String json, String action, String resource, AuthorizationContext ctx) {
        List<PolicyRef> policies = List.of(ref("p", json));
        String r = resource.replace("ARN:", ARN);
        boolean fast = PolicyEvaluator.isAllowed(policies, action, r, ctx);
        Decision d = PolicyEvaluator.evaluate(policies, new AuthorizationRequest(action, r), ctx);
        if (fast != d.isAllowed()) {
            throw new AssertionError("isAllowed and evaluate disagree on " + action + " " + r + ": " + d);
        }
        return fast;
    }
}
