package io.thingcore.registry;

/**
 * Device certificate statuses (AWS IoT API Reference, data type CertificateStatus). Only ACTIVE authenticates; REVOKED
 * is terminal (AWS IoT Developer Guide, "Register a client certificate manually").
 */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE,
    REVOKED,
    PENDING_TRANSFER,
    REGISTER_INACTIVE,
    PENDING_ACTIVATION
}
