package io.thingcore.broker.spi;

/** AWS IoT device certificate statuses (facts 2.2); only {@link #ACTIVE} authenticates. */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE,
    REVOKED,
    PENDING_TRANSFER,
    PENDING_ACTIVATION,
    REGISTER_INACTIVE
}
