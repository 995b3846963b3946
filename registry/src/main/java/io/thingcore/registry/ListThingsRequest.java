package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/** ListThings filters; every member may be null. */
public record ListThingsRequest(
        @Nullable String attributeName,
        @Nullable String attributeValue,
        @Nullable String thingTypeName,
        boolean usePrefixAttributeValue) {
    public static ListThingsRequest all() {
        return new ListThingsRequest(null, null, null, false);
    }
}
