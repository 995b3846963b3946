package io.thingcore.registry.readmodel;

import java.util.Map;

/** A thing as last committed, for the {@code iot:Connection.Thing.*} policy variables. */
public record ThingSnapshot(String thingName, String thingTypeName, Map<String, String> attributes, long version) {
    public ThingSnapshot {
        attributes = Map.copyOf(attributes);
    }
}
