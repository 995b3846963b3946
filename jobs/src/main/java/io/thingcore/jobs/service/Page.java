package io.thingcore.jobs.service;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a listing and the token of the next one (null on the last page). */
public record Page<T>(List<T> items, @Nullable String nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
