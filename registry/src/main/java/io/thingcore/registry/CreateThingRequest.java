package io.thingcore.registry;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** CreateThing; {@code thingTypeName} may be null, {@code attributes} empty. */
public record CreateThingRequest(String thingName, @Nullable String thingTypeName, Map<String, String> attributes) {
    public CreateThingRequest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
