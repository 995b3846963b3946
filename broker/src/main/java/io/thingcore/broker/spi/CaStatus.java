package io.thingcore.broker.spi;

/** AWS IoT CA certificate statuses (facts 2.2). */
public enum CaStatus {
    ACTIVE,
    INACTIVE
}
