package io.thingcore.api.policies;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteTable;
import io.thingcore.api.http.Shapes;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.PolicyVersionRecord;
import io.thingcore.registry.Registry;

/**
 * Policies, versions and attachments (AWS IoT API Reference), including the deprecated principal-policy operations,
 * which every SDK still ships and which map onto the same registry calls (principal in {@code x-amzn-iot-principal},
 * policy in {@code x-amzn-iot-policy}).
 */
public final class PolicyOperations {
    static final String PRINCIPAL_HEADER = "x-amzn-iot-principal";
    static final String POLICY_HEADER = "x-amzn-iot-policy";

    private final Registry registry;

    public PolicyOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/policies/{policyName}", "CreatePolicy", this::createPolicy)
                .add(GET, "/policies/{policyName}", "GetPolicy", this::getPolicy)
                .add(GET, "/policies", "ListPolicies", this::listPolicies)
                .add(DELETE, "/policies/{policyName}", "DeletePolicy", this::deletePolicy)
                .add(POST, "/policies/{policyName}/version", "CreatePolicyVersion", this::createPolicyVersion)
                .add(
                        GET,
                        "/policies/{policyName}/version/{policyVersionId}",
                        "GetPolicyVersion",
                        this::getPolicyVersion)
                .add(GET, "/policies/{policyName}/version", "ListPolicyVersions", this::listPolicyVersions)
                .add(
                        PATCH,
                        "/policies/{policyName}/version/{policyVersionId}",
                        "SetDefaultPolicyVersion",
                        this::setDefaultPolicyVersion)
                .add(
                        DELETE,
                        "/policies/{policyName}/version/{policyVersionId}",
                        "DeletePolicyVersion",
                        this::deletePolicyVersion)
                .add(PUT, "/target-policies/{policyName}", "AttachPolicy", this::attachPolicy)
                .add(POST, "/target-policies/{policyName}", "DetachPolicy", this::detachPolicy)
                .add(POST, "/attached-policies/{target}", "ListAttachedPolicies", this::listAttachedPolicies)
                .add(POST, "/policy-targets/{policyName}", "ListTargetsForPolicy", this::listTargetsForPolicy)
                .add(PUT, "/principal-policies/{policyName}", "AttachPrincipalPolicy", this::attachPrincipalPolicy)
                .add(DELETE, "/principal-policies/{policyName}", "DetachPrincipalPolicy", this::detachPrincipalPolicy)
                .add(GET, "/principal-policies", "ListPrincipalPolicies", this::listPrincipalPolicies)
                .add(GET, "/policy-principals", "ListPolicyPrincipals", this::listPolicyPrincipals);
    }

    ApiResponse createPolicy(ApiRequest request) {
        JsonBody body = request.json();
        PolicyVersionRecord version = registry.forNamespace(request.namespace())
                .policies()
                .createPolicy(request.label("policyName"), body.requiredString("policyDocument"), Shapes.tags(body));
        ObjectNode out = Json.object();
        Json.put(out, "policyName", version.policyName());
        Json.put(out, "policyArn", version.policyArn());
        Json.put(out, "policyDocument", version.policyDocument());
        Json.put(out, "policyVersionId", version.versionId());
        return ApiResponse.of(out);
    }

    ApiResponse getPolicy(ApiRequest request) {
        PolicyRecord policy =
                registry.forNamespace(request.namespace()).policies().getPolicy(request.label("policyName"));
        ObjectNode out = Json.object();
        Json.put(out, "policyName", policy.policyName());
        Json.put(out, "policyArn", policy.policyArn());
        Json.put(out, "policyDocument", policy.policyDocument());
        Json.put(out, "defaultVersionId", policy.defaultVersionId());
        Json.put(out, "creationDate", policy.creationDate());
        Json.put(out, "lastModifiedDate", policy.lastModifiedDate());
        Json.put(out, "generationId", policy.generationId());
        return ApiResponse.of(out);
    }

    ApiResponse listPolicies(ApiRequest request) {
        return ApiResponse.of(Shapes.markerPage(
                registry.forNamespace(request.namespace()).policies().listPolicies(request.markerPage(true)),
                "policies",
                Shapes::policy));
    }

    ApiResponse deletePolicy(ApiRequest request) {
        registry.forNamespace(request.namespace()).policies().deletePolicy(request.label("policyName"));
        return ApiResponse.empty();
    }

    ApiResponse createPolicyVersion(ApiRequest request) {
        PolicyVersionRecord version = registry.forNamespace(request.namespace())
                .policies()
                .createPolicyVersion(
                        request.label("policyName"),
                        request.json().requiredString("policyDocument"),
                        request.queryBool("setAsDefault", false));
        ObjectNode out = Json.object();
        Json.put(out, "policyArn", version.policyArn());
        Json.put(out, "policyDocument", version.policyDocument());
        Json.put(out, "policyVersionId", version.versionId());
        out.put("isDefaultVersion", version.defaultVersion());
        return ApiResponse.of(out);
    }

    ApiResponse getPolicyVersion(ApiRequest request) {
        PolicyVersionRecord version = registry.forNamespace(request.namespace())
                .policies()
                .getPolicyVersion(request.label("policyName"), request.label("policyVersionId"));
        ObjectNode out = Json.object();
        Json.put(out, "policyArn", version.policyArn());
        Json.put(out, "policyName", version.policyName());
        Json.put(out, "policyDocument", version.policyDocument());
        Json.put(out, "policyVersionId", version.versionId());
        out.put("isDefaultVersion", version.defaultVersion());
        Json.put(out, "creationDate", version.creationDate());
        Json.put(out, "lastModifiedDate", version.lastModifiedDate());
        Json.put(out, "generationId", version.generationId());
        return ApiResponse.of(out);
    }

    ApiResponse listPolicyVersions(ApiRequest request) {
        ObjectNode out = Json.object();
        ArrayNode versions = out.putArray("policyVersions");
        for (PolicyVersionRecord version :
                registry.forNamespace(request.namespace()).policies().listPolicyVersions(request.label("policyName"))) {
            ObjectNode item = versions.addObject();
            Json.put(item, "versionId", version.versionId());
            item.put("isDefaultVersion", version.defaultVersion());
            Json.put(item, "createDate", version.creationDate());
        }
        return ApiResponse.of(out);
    }

    ApiResponse setDefaultPolicyVersion(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .policies()
                .setDefaultPolicyVersion(request.label("policyName"), request.label("policyVersionId"));
        return ApiResponse.empty();
    }

    ApiResponse deletePolicyVersion(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .policies()
                .deletePolicyVersion(request.label("policyName"), request.label("policyVersionId"));
        return ApiResponse.empty();
    }

    ApiResponse attachPolicy(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .policies()
                .attachPolicy(request.label("policyName"), request.json().requiredString("target"));
        return ApiResponse.empty();
    }

    ApiResponse detachPolicy(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .policies()
                .detachPolicy(request.label("policyName"), request.json().requiredString("target"));
        return ApiResponse.empty();
    }

    ApiResponse listAttachedPolicies(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .policies()
                .listAttachedPolicies(
                        request.label("target"), request.queryBool("recursive", false), request.markerPage(false));
        return ApiResponse.of(Shapes.markerPage(page, "policies", Shapes::policy));
    }

    ApiResponse listTargetsForPolicy(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .policies()
                .listTargetsForPolicy(request.label("policyName"), request.markerPage(false));
        return ApiResponse.of(Shapes.markerPage(page, "targets", Shapes::text));
    }

    ApiResponse attachPrincipalPolicy(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .policies()
                .attachPolicy(request.label("policyName"), request.requiredHeader(PRINCIPAL_HEADER, "principal"));
        return ApiResponse.empty();
    }

    ApiResponse detachPrincipalPolicy(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .policies()
                .detachPolicy(request.label("policyName"), request.requiredHeader(PRINCIPAL_HEADER, "principal"));
        return ApiResponse.empty();
    }

    ApiResponse listPrincipalPolicies(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .policies()
                .listAttachedPolicies(
                        request.requiredHeader(PRINCIPAL_HEADER, "principal"), false, request.markerPage(true));
        return ApiResponse.of(Shapes.markerPage(page, "policies", Shapes::policy));
    }

    ApiResponse listPolicyPrincipals(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .policies()
                .listTargetsForPolicy(request.requiredHeader(POLICY_HEADER, "policyName"), request.markerPage(true));
        return ApiResponse.of(Shapes.markerPage(page, "principals", Shapes::text));
    }
}
