package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * Things with their attributes, and the certificate principals attached to them. Part of one namespace's {@link Registry}; every method either applies its whole change durably or
 * throws a {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event
 * loop.
 */
public interface ThingStore {

    /** Idempotent for the same name and configuration; ResourceAlreadyExistsException for a different one. */
    ThingRecord createThing(CreateThingRequest request);

    ThingRecord describeThing(String thingName);

    Page<ThingRecord> listThings(ListThingsRequest filter, PageRequest page);

    void updateThing(UpdateThingRequest request);

    /** Succeeds for a thing that does not exist (AWS does); fails while principals are attached. */
    void deleteThing(String thingName, @Nullable Long expectedVersion);

    /** {@code type} null means NON_EXCLUSIVE_THING. */
    void attachThingPrincipal(String thingName, String principal, @Nullable ThingPrincipalType type);

    void detachThingPrincipal(String thingName, String principal);

    Page<String> listThingPrincipals(String thingName, PageRequest page);

    Page<String> listPrincipalThings(String principal, PageRequest page);
}
