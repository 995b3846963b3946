package io.thingcore.broker.auth;

import org.jspecify.annotations.Nullable;

/**
 * For one authorization snapshot of {@link ConnectionAuthorizer}: the topic filters of the connection's subscriptions
 * on whose every topic {@code iot:Receive} is proven allowed, or not ({@code PolicyEvaluator.allowsEvery}). A proof
 * depends only on the snapshot and the filter, as a {@link TopicDecisions} decision does, and costs a glob table over
 * the policies' patterns, so it is made once per filter and snapshot and kept here.
 *
 * <p>A connection subscribes to a handful of filters: at most {@value #SLOTS} proofs are kept, the oldest replaced
 * first. Thread-safe without locks: the array is copied on write and holds immutable entries (a race loses a proof,
 * which is then made again).
 */
final class FilterProofs {
    static final int SLOTS = 8;

    private record Entry(String filter, boolean proven) {}

    private static final Entry[] NONE = new Entry[0];

    private volatile Entry[] entries = NONE;

    /** Whether every topic of {@code filter} is proven receivable; null when not known yet. */
    @Nullable
    Boolean find(String filter) {
        for (Entry e : entries) {
            if (e.filter.equals(filter)) {
                return e.proven;
            }
        }
        return null;
    }

    void remember(String filter, boolean proven) {
        Entry[] old = entries;
        int keep = Math.min(old.length, SLOTS - 1);
        Entry[] updated = new Entry[keep + 1];
        System.arraycopy(old, old.length - keep, updated, 0, keep);
        updated[keep] = new Entry(filter, proven);
        entries = updated;
    }
}
