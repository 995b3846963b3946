package io.thingcore.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** CreateThingType; idempotent for the same name and the same properties. */
public record CreateThingTypeRequest(
        String thingTypeName, @Nullable String description, List<String> searchableAttributes, List<Tag> tags) {
    public CreateThingTypeRequest {
        searchableAttributes = searchableAttributes == null ? List.of() : List.copyOf(searchableAttributes);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
