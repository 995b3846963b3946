package io.thingcore.broker.spi;

/**
 * How a CA or device certificate was registered (facts 2.3): {@link #SNI_ONLY} ("multi-account mode", and every
 * certificate registered without a CA) obliges the device to send SNI naming the gateway.
 */
public enum CertificateMode {
    DEFAULT,
    SNI_ONLY
}
