package io.thingcore.policy;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One compiled statement: effect, action patterns, resource patterns and conditions. Immutable. */
final class Statement {
    final int index;
    final @Nullable String sid;
    final boolean allow;
    private final Template[] actions;
    private final boolean notAction;
    private final Template[] resources;
    private final boolean notResource;
    private final Condition[] conditions;
    private final boolean anyAction;
    private final boolean anyResource;

    Statement(
            int index,
            @Nullable String sid,
            boolean allow,
            Template[] actions,
            boolean notAction,
            Template[] resources,
            boolean notResource,
            Condition[] conditions) {
        this.index = index;
        this.sid = sid;
        this.allow = allow;
        this.actions = actions;
        this.notAction = notAction;
        this.resources = resources;
        this.notResource = notResource;
        this.conditions = conditions;
        this.anyAction = !notAction && anyMatchesEverything(actions);
        this.anyResource = !notResource && anyMatchesEverything(resources);
    }

    private static boolean anyMatchesEverything(Template[] templates) {
        for (Template t : templates) {
            if (t.matchesEverything()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this statement applies to the request.
     *
     * @param missing null on the fast path (conditions short-circuit); otherwise every condition is evaluated so
     *     that all missing keys are reported
     */
    boolean applies(String action, String resource, AuthorizationContext ctx, @Nullable Set<String> missing) {
        return actionMatches(action) && resourceMatches(resource, ctx, missing) && conditionsHold(ctx, missing);
    }

    private boolean actionMatches(String action) {
        if (anyAction) {
            return true;
        }
        boolean matched = false;
        for (Template t : actions) {
            if (t.match(action, AuthorizationContext.EMPTY, null) == Template.MATCH) {
                matched = true;
                break;
            }
        }
        return matched != notAction;
    }

    private boolean resourceMatches(String resource, AuthorizationContext ctx, @Nullable Set<String> missing) {
        if (anyResource) {
            return true;
        }
        if (!notResource) {
            for (Template t : resources) {
                if (t.match(resource, ctx, missing) == Template.MATCH) {
                    return true;
                }
            }
            return false;
        }
        boolean unresolved = false;
        for (Template t : resources) {
            int r = t.match(resource, ctx, missing);
            if (r == Template.MATCH) {
                return false;
            }
            unresolved |= r == Template.UNRESOLVED;
        }
        // "Everything except a pattern we cannot resolve" must not become "everything" in an Allow (fail closed);
        // in a Deny the unresolved pattern simply excludes nothing, as the literal text would on AWS.
        return !(unresolved && allow);
    }

    private boolean conditionsHold(AuthorizationContext ctx, @Nullable Set<String> missing) {
        boolean all = true;
        for (Condition c : conditions) {
            if (!c.test(ctx, allow, missing)) {
                if (missing == null) {
                    return false;
                }
                all = false;
            }
        }
        return all;
    }
}
