package io.thingcore.broker.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A thing, for the {@code iot:Connection.Thing.*} policy variables.
 *
 * @param thingName the name
 * @param thingTypeName the thing type, or null
 * @param attributes the attributes
 */
public record ThingRecord(String thingName, String thingTypeName, Map<String, String> attributes) {
    public ThingRecord {
        Objects.requireNonNull(thingName, "thingName");
        attributes = Map.copyOf(attributes);
    }
}
