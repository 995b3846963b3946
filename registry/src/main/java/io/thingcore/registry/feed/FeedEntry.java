package io.thingcore.registry.feed;

import io.thingcore.registry.Account;
import java.util.Objects;

/**
 * One row of the change feed: what changed (a {@code family} of resources, the {@code key} of one resource in it, and
 * the {@code kind} of change, each a short word the writing store chooses), in which namespace, and when its
 * transaction wrote it.
 *
 * @param id the feed's monotonic id; unique, increasing in allocation order (see {@link Gaps} for commit order)
 * @param committedAt milliseconds since the epoch, from the writer's clock just before its commit
 */
public record FeedEntry(long id, Account namespace, String family, String key, String kind, long committedAt) {
    public FeedEntry {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }
}
