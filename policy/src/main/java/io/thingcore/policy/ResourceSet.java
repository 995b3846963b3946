package io.thingcore.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of resource ARNs written as literal text and runs of any characters, for proving a decision about all of them
 * at once ({@link PolicyEvaluator#allowsEvery}). Built from an MQTT topic filter: every topic the filter matches,
 * under one ARN prefix such as {@code arn:aws:iot:us-east-1:123456789012:topic/}.
 *
 * <p>The set may be larger than the filter's topics, never smaller, because a proof over more resources holds for
 * fewer: {@code +} becomes a run that may hold {@code /} too, and {@code a/#} stands for {@code a} as well as
 * {@code a/...}, so one proof serves both readings of {@code #} (MQTT 3.1.1 section 4.7.1.2, where it matches its
 * parent level, and AWS IoT, where it does not: AWS IoT Developer Guide, "MQTT topics"). Immutable.
 */
public final class ResourceSet {
    /** In {@link #alternatives}: any run of characters, possibly empty. Everything else is a UTF-16 code unit. */
    static final int ANY_RUN = -1;

    private final int[][] alternatives;

    private ResourceSet(int[][] alternatives) {
        this.alternatives = alternatives;
    }

    /**
     * The ARNs {@code arnPrefix + topic} for every topic that the valid topic filter {@code filter} matches.
     *
     * @param filter a topic filter the broker accepted: {@code +} and {@code #} only as whole levels, {@code #} last
     */
    public static ResourceSet topicsOf(String arnPrefix, String filter) {
        List<int[]> alternatives = new ArrayList<>(2);
        if (filter.equals("#")) {
            alternatives.add(symbols(arnPrefix, "", true));
        } else if (filter.endsWith("/#")) {
            String parent = filter.substring(0, filter.length() - 2);
            alternatives.add(symbols(arnPrefix, parent + "/", true));
            alternatives.add(symbols(arnPrefix, parent, false));
        } else {
            alternatives.add(symbols(arnPrefix, filter, false));
        }
        return new ResourceSet(alternatives.toArray(int[][]::new));
    }

    /** The prefix and the filter's levels, each {@code +} level an {@link #ANY_RUN}, and one more at the end. */
    private static int[] symbols(String arnPrefix, String levels, boolean anyTail) {
        int[] out = new int[arnPrefix.length() + levels.length() + (anyTail ? 1 : 0)];
        int n = 0;
        for (int i = 0; i < arnPrefix.length(); i++) {
            out[n++] = arnPrefix.charAt(i);
        }
        int levelStart = 0;
        for (int i = 0; i <= levels.length(); i++) {
            if (i == levels.length() || levels.charAt(i) == '/') {
                if (i - levelStart == 1 && levels.charAt(levelStart) == '+') {
                    out[n++] = ANY_RUN;
                } else {
                    for (int k = levelStart; k < i; k++) {
                        out[n++] = levels.charAt(k);
                    }
                }
                if (i < levels.length()) {
                    out[n++] = '/';
                }
                levelStart = i + 1;
            }
        }
        if (anyTail) {
            out[n++] = ANY_RUN;
        }
        return Arrays.copyOf(out, n);
    }

    /** Each alternative: code units and {@link #ANY_RUN}s; the set is the union of their strings. */
    int[][] alternatives() {
        return alternatives;
    }
}
