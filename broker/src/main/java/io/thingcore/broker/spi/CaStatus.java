package io.thingcore.broker.spi;

/** AWS IoT CA certificate statuses (AWS IoT API Reference, data type CACertificateStatus). */
public enum CaStatus {
    ACTIVE,
    INACTIVE
}
