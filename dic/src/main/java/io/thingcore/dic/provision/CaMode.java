package io.thingcore.dic.provision;

import software.amazon.awssdk.services.iot.model.CertificateMode;

/** How the CA is registered (RegisterCACertificate {@code certificateMode}). */
public enum CaMode {
    /**
     * The guide's "multi-account mode": no proof of possession, the device must send SNI (the default, as in the
     * guide).
     */
    SNI_ONLY(CertificateMode.SNI_ONLY),
    /**
     * Single-account mode: GetRegistrationCode, then a verification certificate with CN = the code, signed by the CA,
     * proves that whoever registers the CA holds its key.
     */
    DEFAULT(CertificateMode.DEFAULT);

    private final CertificateMode sdk;

    CaMode(CertificateMode sdk) {
        this.sdk = sdk;
    }

    public CertificateMode sdk() {
        return sdk;
    }
}
