package io.thingcore.pki.signing;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The signature of one file, with the digest and size it was computed over (the gateway checks both before a job
 * starts, so a file that changed after signing is caught before any device downloads it).
 *
 * @param signature the DER-encoded ECDSA signature ({@code ECDSA-Sig-Value}, RFC 3279 section 2.2.3), as OpenSSL's
 *     {@code EVP_DigestVerify} and mbedTLS's {@code mbedtls_pk_verify} expect it
 * @param sha256 SHA-256 of the file's bytes
 * @param size the file's length in bytes
 */
public record CodeSignature(byte[] signature, byte[] sha256, long size) {
    public CodeSignature {
        signature = signature.clone();
        sha256 = sha256.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The job document's {@code sig-sha256-ecdsa} value: the signature in standard base64 (RFC 4648 section 4). */
    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeSignature that
                && size == that.size
                && Arrays.equals(signature, that.signature)
                && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(signature) + Arrays.hashCode(sha256)) + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "CodeSignature[sha256=" + sha256Hex() + ", size=" + size + "]";
    }
}
