package io.thingcore.registry;

/** EXCLUSIVE_THING: the principal may be attached to this thing only. */
public enum ThingPrincipalType {
    EXCLUSIVE_THING,
    NON_EXCLUSIVE_THING
}
