package io.thingcore.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates the policies attached to a principal with IAM logic (AWS IoT Developer Guide, "AWS IoT Core policies"): an
 * applicable Deny statement in any policy denies; otherwise an applicable Allow statement allows; otherwise the request
 * is implicitly denied.
 *
 * <p>{@link #isAllowed} is the hot path for the broker (every connect, publish, subscribe and delivery): it stops at
 * the first Deny, skips Allow statements once one applies, and does not allocate for the usual resource patterns.
 * {@link #evaluate} evaluates every statement to explain the decision as AWS {@code TestAuthorization} does. Both
 * always agree on the outcome.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public static boolean isAllowed(
            List<PolicyRef> policies, AuthorizationRequest request, AuthorizationContext context) {
        return isAllowed(policies, request.action(), request.resource(), context);
    }

    /** As {@link #isAllowed(List, AuthorizationRequest, AuthorizationContext)}, without a request object. */
    public static boolean isAllowed(
            List<PolicyRef> policies, String action, String resource, AuthorizationContext context) {
        boolean allowed = false;
        for (int p = 0, n = policies.size(); p < n; p++) {
            for (Statement s : policies.get(p).document().statements()) {
                if (s.allow) {
                    if (!allowed && s.applies(action, resource, context, null)) {
                        allowed = true;
                    }
                } else if (s.applies(action, resource, context, null)) {
                    return false;
                }
            }
        }
        return allowed;
    }

    /**
     * Whether {@code action} is allowed on every resource of {@code resources}, proven once instead of decided per
     * resource: no Deny statement of any policy may apply to any of them, and each alternative of the set is covered
     * by one Allow statement. When this returns true, {@link #isAllowed} returns true for each resource of the set;
     * false means "not proven" (a Deny nearby, a variable the context lacks, a pattern narrower than the set), and the
     * caller decides per resource. The broker proves {@code iot:Receive} on a subscription's topic filter once per
     * authorization snapshot, so that a subscriber receiving from thousands of topics needs no decision per message.
     */
    public static boolean allowsEvery(
            List<PolicyRef> policies, String action, ResourceSet resources, AuthorizationContext context) {
        for (PolicyRef policy : policies) {
            for (Statement s : policy.document().statements()) {
                if (!s.allow && s.mayApplyToAny(action, resources, context)) {
                    return false;
                }
            }
        }
        for (int[] alternative : resources.alternatives()) {
            if (!allowedByOneStatement(policies, action, alternative, context)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedByOneStatement(
            List<PolicyRef> policies, String action, int[] alternative, AuthorizationContext context) {
        for (PolicyRef policy : policies) {
            for (Statement s : policy.document().statements()) {
                if (s.allow && s.appliesToEvery(action, alternative, context)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Evaluates every statement of every policy and explains the outcome. */
    public static Decision evaluate(
            List<PolicyRef> policies, AuthorizationRequest request, AuthorizationContext context) {
        String action = request.action();
        String resource = request.resource();
        Set<String> missing = new LinkedHashSet<>();
        List<PolicyRef> allowedBy = new ArrayList<>();
        List<PolicyRef> explicitlyDeniedBy = new ArrayList<>();
        List<PolicyRef> implicitlyDeniedBy = new ArrayList<>();
        StatementRef firstAllow = null;
        StatementRef firstDeny = null;
        for (PolicyRef policy : policies) {
            Statement allow = null;
            Statement deny = null;
            for (Statement s : policy.document().statements()) {
                if (s.applies(action, resource, context, missing)) {
                    if (s.allow && allow == null) {
                        allow = s;
                    } else if (!s.allow && deny == null) {
                        deny = s;
                    }
                }
            }
            if (deny != null) {
                explicitlyDeniedBy.add(policy);
                if (firstDeny == null) {
                    firstDeny = new StatementRef(policy, deny.index, deny.sid);
                }
            } else if (allow != null) {
                allowedBy.add(policy);
                if (firstAllow == null) {
                    firstAllow = new StatementRef(policy, allow.index, allow.sid);
                }
            } else {
                implicitlyDeniedBy.add(policy);
            }
        }
        Decision.Outcome outcome;
        String reason;
        StatementRef decidedBy;
        if (firstDeny != null) {
            outcome = Decision.Outcome.EXPLICIT_DENY;
            decidedBy = firstDeny;
            reason = "Explicitly denied by " + firstDeny;
        } else if (firstAllow != null) {
            outcome = Decision.Outcome.ALLOWED;
            decidedBy = firstAllow;
            reason = "Allowed by " + firstAllow;
        } else {
            outcome = Decision.Outcome.IMPLICIT_DENY;
            decidedBy = null;
            reason = policies.isEmpty()
                    ? "no statement matched: no policies to evaluate (implicit deny)"
                    : "no statement matched " + action + " on " + resource + " (implicit deny)";
        }
        return new Decision(outcome, allowedBy, explicitlyDeniedBy, implicitlyDeniedBy, reason, missing, decidedBy);
    }
}
