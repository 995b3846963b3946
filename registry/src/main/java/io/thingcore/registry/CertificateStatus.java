package io.thingcore.registry;

/** Device certificate statuses (aws-iot-facts 2.2). Only ACTIVE authenticates; REVOKED is terminal. */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE,
    REVOKED,
    PENDING_TRANSFER,
    REGISTER_INACTIVE,
    PENDING_ACTIVATION
}
