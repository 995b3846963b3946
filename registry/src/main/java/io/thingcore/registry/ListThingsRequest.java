package io.thingcore.registry;

/** ListThings filters; every member may be null. */
public record ListThingsRequest(
        String attributeName, String attributeValue, String thingTypeName, boolean usePrefixAttributeValue) {
    public static ListThingsRequest all() {
        return new ListThingsRequest(null, null, null, false);
    }
}
