package io.thingcore.registry;

/** Whether unknown certificates signed by a CA are registered on first connect (JITR). */
public enum AutoRegistrationStatus {
    ENABLE,
    DISABLE
}
