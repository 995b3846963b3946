package io.thingcore.registry;

/** CA certificate statuses: a CA must be ACTIVE before certificates it signed can be registered. */
public enum CaCertificateStatus {
    ACTIVE,
    INACTIVE
}
