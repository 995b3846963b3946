package io.thingcore.registry;

/**
 * DEFAULT is AWS's single-account mode (proof of CA key possession with a registration code); SNI_ONLY is the
 * multi-account mode of the DIC guide: no proof, and devices must send SNI. Device certificates inherit the mode of
 * their CA; certificates registered without a CA are SNI_ONLY.
 */
public enum CertificateMode {
    DEFAULT,
    SNI_ONLY
}
