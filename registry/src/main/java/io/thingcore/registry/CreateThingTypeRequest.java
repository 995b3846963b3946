package io.thingcore.registry;

import java.util.List;

/** CreateThingType; idempotent for the same name and the same properties. */
public record CreateThingTypeRequest(
        String thingTypeName, String description, List<String> searchableAttributes, List<Tag> tags) {
    public CreateThingTypeRequest {
        searchableAttributes = searchableAttributes == null ? List.of() : List.copyOf(searchableAttributes);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
