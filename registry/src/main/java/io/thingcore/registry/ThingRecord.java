package io.thingcore.registry;

import java.util.Map;

/** A thing, as DescribeThing returns it; {@code version} starts at 1 and grows with every update. */
public record ThingRecord(
        String thingName,
        String thingId,
        String thingArn,
        String thingTypeName,
        Map<String, String> attributes,
        long version) {
    public ThingRecord {
        attributes = Map.copyOf(attributes);
    }
}
