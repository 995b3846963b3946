package io.thingcore.policy;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of evaluating the policies of a principal for one request, with what AWS {@code TestAuthorization}
 * reports per {@code AuthInfo}: {@code allowed.policies}, {@code denied.explicitDeny.policies},
 * {@code denied.implicitDeny.policies}, {@code authDecision} and {@code missingContextValues}.
 *
 * @param outcome the decision
 * @param allowedBy policies with a matching Allow statement and no matching Deny statement
 * @param explicitlyDeniedBy policies with a matching Deny statement
 * @param implicitlyDeniedBy policies that were evaluated and matched neither
 * @param reason a sentence for logs and operators naming the deciding policy and statement
 * @param missingContextValues context keys (as spelled in the policy) that a matching statement needed but the
 *     context did not have, in the order first met
 * @param decidingStatement the first matching Deny (for {@link Outcome#EXPLICIT_DENY}) or Allow (for
 *     {@link Outcome#ALLOWED}) statement; null for {@link Outcome#IMPLICIT_DENY}
 */
public record Decision(
        Outcome outcome,
        List<PolicyRef> allowedBy,
        List<PolicyRef> explicitlyDeniedBy,
        List<PolicyRef> implicitlyDeniedBy,
        String reason,
        Set<String> missingContextValues,
        @Nullable StatementRef decidingStatement) {

    /** AWS's {@code authDecision}. */
    public enum Outcome {
        ALLOWED,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    public Decision {
        allowedBy = List.copyOf(allowedBy);
        explicitlyDeniedBy = List.copyOf(explicitlyDeniedBy);
        implicitlyDeniedBy = List.copyOf(implicitlyDeniedBy);
        missingContextValues = Collections.unmodifiableSet(new LinkedHashSet<>(missingContextValues));
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOWED;
    }
}
