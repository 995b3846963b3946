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

    /**
     * Whether this statement certainly applies to every resource of one {@link ResourceSet} alternative: it names the
     * action, its conditions hold (they read only the context, never the resource) and one of its resource patterns
     * {@linkplain Template#matchesEvery matches every} resource of the alternative. {@code NotResource} is never
     * proven.
     */
    boolean appliesToEvery(String action, int[] alternative, AuthorizationContext ctx) {
        if (notResource || !actionMatches(action) || !conditionsHold(ctx, null)) {
            return false;
        }
        if (anyResource) {
            return true;
        }
        for (Template t : resources) {
            if (t.matchesEvery(alternative, ctx)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this statement may apply to some resource of {@code resources}: false only when that is certain (the
     * action is not named, a condition fails, or no resource pattern {@linkplain Template#mayMatchAny may match}).
     */
    boolean mayApplyToAny(String action, ResourceSet resources, AuthorizationContext ctx) {
        if (!actionMatches(action) || !conditionsHold(ctx, null)) {
            return false;
        }
        if (anyResource || notResource) {
            return true;
        }
        for (int[] alternative : resources.alternatives()) {
            for (Template t : this.resources) {
                if (t.mayMatchAny(alternative, ctx)) {
                    return true;
                }
            }
        }
        return false;
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
