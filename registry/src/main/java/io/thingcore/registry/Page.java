package io.thingcore.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of results; {@code nextToken} is null on the last page, so that AWS CLI auto-pagination stops. */
public record Page<T>(List<T> items, @Nullable String nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
