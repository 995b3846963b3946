package io.thingcore.broker.spi;

/**
 * How a CA or device certificate was registered (AWS IoT API Reference, RegisterCACertificate {@code certificateMode};
 * AWS IoT Developer Guide, "Manage your CA certificates"): {@link #SNI_ONLY} ("multi-account mode", and every
 * certificate registered without a CA) obliges the device to send SNI naming the gateway.
 */
public enum CertificateMode {
    DEFAULT,
    SNI_ONLY
}
