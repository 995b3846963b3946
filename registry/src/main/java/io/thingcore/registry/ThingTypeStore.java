package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * Thing types and their deprecation. Part of one namespace's {@link Registry}; every method either applies its whole change durably or
 * throws a {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event
 * loop.
 */
public interface ThingTypeStore {
    ThingTypeRecord createThingType(CreateThingTypeRequest request);

    ThingTypeRecord describeThingType(String thingTypeName);

    Page<ThingTypeRecord> listThingTypes(@Nullable String thingTypeName, PageRequest page);

    void deprecateThingType(String thingTypeName, boolean undoDeprecate);

    void deleteThingType(String thingTypeName);
}
