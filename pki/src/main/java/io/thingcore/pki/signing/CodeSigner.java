package io.thingcore.pki.signing;

import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.PkiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;

/**
 * Signs and verifies files with ECDSA on P-256 over SHA-256, the one algorithm pair the AWS IoT OTA library's
 * platform layers verify ({@code sig-sha256-ecdsa}; AWS IoT Developer Guide, "Create a code-signing certificate"
 * requires an ECDSA P-256 key for OTA). Any other key is refused here rather than producing a signature every device
 * would reject at the end of its download.
 */
public final class CodeSigner {
    private static final String ALGORITHM = "SHA256withECDSA";
    private static final int BUFFER_BYTES = 64 * 1024;

    private CodeSigner() {}

    /** Signs {@code file} with {@code key}, which must be an EC P-256 private key. */
    public static CodeSignature sign(Path file, PrivateKey key) {
        requireP256(Keys.algorithmOf(key), "the code-signing key");
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = stream(file, (buffer, length) -> {
                signer.update(buffer, 0, length);
                digest.update(buffer, 0, length);
            });
            return new CodeSignature(signer.sign(), digest.digest(), size);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot sign " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when {@code signature} (DER) is a valid signature of {@code file} by the key of {@code certificate}, as the
     * device checks it; false for any mismatch, a malformed signature included.
     */
    public static boolean verify(Path file, byte[] signature, X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        requireP256(Keys.algorithmOf(key), "the code-signing certificate's key");
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            stream(file, (buffer, length) -> verifier.update(buffer, 0, length));
            return verifier.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot verify the signature of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireP256(KeyAlgorithm algorithm, String what) {
        if (algorithm != KeyAlgorithm.EC_P256) {
            throw new PkiException(what + " is " + algorithm
                    + "; OTA code signing needs an EC P-256 key (openssl ecparam -name prime256v1 -genkey)");
        }
    }

    @FunctionalInterface
    private interface Chunk {
        void accept(byte[] buffer, int length) throws GeneralSecurityException;
    }

    private static long stream(Path file, Chunk chunk) throws GeneralSecurityException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                chunk.accept(buffer, n);
                size += n;
            }
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return size;
    }
}
