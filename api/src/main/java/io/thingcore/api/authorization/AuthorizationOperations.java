package io.thingcore.api.authorization;

import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteTable;
import io.thingcore.policy.Decision;
import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.AuthorizationResult;
import io.thingcore.registry.AuthorizationTest;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.Registry;
import java.util.List;
import java.util.Objects;

/**
 * TestAuthorization and GetEffectivePolicies (AWS IoT API Reference): the policy engine's {@link Decision} rendered as
 * AWS's {@code AuthResult}.
 */
public final class AuthorizationOperations {
    /** AWS's {@code ActionType}; checked here because it is a wire-level enum. */
    enum ActionType {
        PUBLISH,
        SUBSCRIBE,
        RECEIVE,
        CONNECT
    }

    private final Registry registry;

    public AuthorizationOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/test-authorization", "TestAuthorization", this::testAuthorization)
                .add(POST, "/effective-policies", "GetEffectivePolicies", this::getEffectivePolicies);
    }

    ApiResponse testAuthorization(ApiRequest request) {
        JsonBody body = request.json();
        body.string("cognitoIdentityPoolId");
        List<AuthorizationTest.AuthInfo> authInfos = body.objects("authInfos", info -> {
            ActionType actionType = info.enumValue("actionType", ActionType.class);
            if (actionType == null) {
                throw info.missing("actionType");
            }
            List<String> resources = info.strings("resources");
            if (resources == null) {
                throw ApiException.invalidRequest("Member 'resources' of every authInfo is required");
            }
            return new AuthorizationTest.AuthInfo(actionType.name(), resources);
        });
        if (authInfos == null) {
            throw ApiException.invalidRequest("Member 'authInfos' is required");
        }
        List<AuthorizationResult> results = registry.forNamespace(request.namespace())
                .authorization()
                .testAuthorization(new AuthorizationTest(
                        body.string("principal"),
                        request.query("clientId"),
                        authInfos,
                        Objects.requireNonNullElse(body.strings("policyNamesToAdd"), List.of()),
                        Objects.requireNonNullElse(body.strings("policyNamesToSkip"), List.of())));
        ObjectNode out = Json.object();
        ArrayNode authResults = out.putArray("authResults");
        for (AuthorizationResult result : results) {
            authResults.add(authResult(result));
        }
        return ApiResponse.of(out);
    }

    static ObjectNode authResult(AuthorizationResult result) {
        Decision decision = result.decision();
        ObjectNode node = Json.object();
        ObjectNode authInfo = node.putObject("authInfo");
        authInfo.put("actionType", result.authInfo().actionType());
        authInfo.set("resources", Json.strings(result.authInfo().resources()));
        node.putObject("allowed").set("policies", policies(decision.allowedBy()));
        ObjectNode denied = node.putObject("denied");
        denied.putObject("implicitDeny").set("policies", policies(decision.implicitlyDeniedBy()));
        denied.putObject("explicitDeny").set("policies", policies(decision.explicitlyDeniedBy()));
        node.put("authDecision", decision.outcome().name());
        node.set("missingContextValues", Json.strings(decision.missingContextValues()));
        return node;
    }

    private static ArrayNode policies(List<PolicyRef> refs) {
        ArrayNode array = Json.array();
        for (PolicyRef ref : refs) {
            ObjectNode policy = array.addObject();
            Json.put(policy, "policyName", ref.name());
            Json.put(policy, "policyArn", ref.arn());
        }
        return array;
    }

    ApiResponse getEffectivePolicies(ApiRequest request) {
        JsonBody body = request.json();
        body.string("cognitoIdentityPoolId");
        List<PolicyRecord> policies = registry.forNamespace(request.namespace())
                .authorization()
                .getEffectivePolicies(body.string("principal"), request.query("thingName"));
        ObjectNode out = Json.object();
        ArrayNode effective = out.putArray("effectivePolicies");
        for (PolicyRecord policy : policies) {
            ObjectNode item = effective.addObject();
            Json.put(item, "policyName", policy.policyName());
            Json.put(item, "policyArn", policy.policyArn());
            Json.put(item, "policyDocument", policy.policyDocument());
        }
        return ApiResponse.of(out);
    }
}
