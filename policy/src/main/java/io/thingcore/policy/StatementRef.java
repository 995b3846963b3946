package io.thingcore.policy;

import org.jspecify.annotations.Nullable;

/**
 * The statement that decided a {@link Decision}.
 *
 * @param policy the policy the statement belongs to
 * @param index the zero-based position of the statement in the document's {@code Statement} array (0 when
 *     {@code Statement} is a single object)
 * @param sid the statement's {@code Sid}, or null when it has none
 */
public record StatementRef(
        PolicyRef policy, int index, @Nullable String sid) {
    @Override
    public String toString() {
        return "policy '" + policy.name() + "' Statement[" + index + "]" + (sid == null ? "" : " (Sid '" + sid + "')");
    }
}
