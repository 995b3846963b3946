package io.thingcore.registry;

import java.util.Map;

/** CreateThing; {@code thingTypeName} may be null, {@code attributes} empty. */
public record CreateThingRequest(String thingName, String thingTypeName, Map<String, String> attributes) {
    public CreateThingRequest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
