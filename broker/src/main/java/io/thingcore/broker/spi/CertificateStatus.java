package io.thingcore.broker.spi;

/**
 * AWS IoT device certificate statuses (AWS IoT API Reference, data type CertificateStatus); only {@link #ACTIVE}
 * authenticates.
 */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE,
    REVOKED,
    PENDING_TRANSFER,
    PENDING_ACTIVATION,
    REGISTER_INACTIVE
}
