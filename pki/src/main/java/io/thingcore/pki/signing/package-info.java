/**
 * Code signing of firmware images for OTA updates: the ECDSA P-256 / SHA-256 signature that AWS IoT's "custom code
 * signing" carries (AWS IoT API Reference, {@code CustomCodeSigning}) and that an OTA device checks against the
 * certificate named in the job document ({@code sig-sha256-ecdsa}, {@code certfile}; AWS IoT OTA library
 * {@code ota.c}). Pure computation over a file the caller names; runs on the caller's thread.
 */
@NullMarked
package io.thingcore.pki.signing;

import org.jspecify.annotations.NullMarked;
