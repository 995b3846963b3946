package io.thingcore.registry;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A thing type with its properties and metadata, as DescribeThingType returns it. */
public record ThingTypeRecord(
        String thingTypeName,
        String thingTypeId,
        String thingTypeArn,
        String description,
        List<String> searchableAttributes,
        boolean deprecated,
        @Nullable Instant deprecationDate,
        Instant creationDate) {
    public ThingTypeRecord {
        searchableAttributes = List.copyOf(searchableAttributes);
    }
}
