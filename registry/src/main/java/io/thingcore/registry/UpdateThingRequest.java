package io.thingcore.registry;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * UpdateThing. {@code attributes} null leaves them unchanged; with {@code merge} the given attributes are merged and
 * an empty value removes an attribute, without it they replace all attributes. {@code expectedVersion} null skips
 * the optimistic check.
 */
public record UpdateThingRequest(
        String thingName,
        @Nullable String thingTypeName,
        @Nullable Map<String, String> attributes,
        boolean merge,
        @Nullable Long expectedVersion,
        boolean removeThingType) {}
