package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list operation. {@code token} is the opaque marker/nextToken a previous page returned (null for the
 * first page); {@code size} is pageSize/maxResults (null: the operation's default); {@code ascending} is
 * {@code isAscendingOrder} where the operation has it (creation order otherwise).
 */
public record PageRequest(@Nullable String token, @Nullable Integer size, boolean ascending) {
    public static final int MAX_SIZE = 250;

    public static PageRequest first() {
        return new PageRequest(null, null, true);
    }
}
