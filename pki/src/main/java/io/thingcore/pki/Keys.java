package io.thingcore.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Makes key pairs and tells what kind of key a key is. Keys are plain JDK keys (SunEC, SunRsaSign), so they go
 * straight into the JDK's and Netty's TLS stacks; Bouncy Castle is used only as a library, never registered as a
 * JCA provider, so loading this module changes nothing for the rest of the JVM.
 */
public final class Keys {
    static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {}

    /** A fresh key pair of the given algorithm. */
    public static KeyPair generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName());
            if (algorithm.isEc()) {
                generator.initialize(new ECGenParameterSpec(algorithm.curveName()), RANDOM);
            } else {
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4), RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + algorithm + " key pair: " + e.getMessage(), e);
        }
    }

    /**
     * What kind of key this is. EC keys must be on P-256, P-384 or P-521 and RSA keys 2048, 3072 or 4096 bits, the
     * key types AWS IoT accepts for device certificates; anything else is a {@link PkiException}.
     */
    public static KeyAlgorithm algorithmOf(PublicKey key) {
        return algorithmOfKey(key);
    }

    /** Like {@link #algorithmOf(PublicKey)}, for a private key. */
    public static KeyAlgorithm algorithmOf(PrivateKey key) {
        return algorithmOfKey(key);
    }

    private static KeyAlgorithm algorithmOfKey(Key key) {
        if (key == null) {
            throw new PkiException("no key given");
        }
        if (key instanceof ECKey ec) {
            return ecAlgorithm(ec.getParams());
        }
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            for (KeyAlgorithm candidate : KeyAlgorithm.values()) {
                if (!candidate.isEc() && candidate.bits() == bits) {
                    return candidate;
                }
            }
            throw new PkiException("RSA keys of " + bits + " bits are not supported (use 2048, 3072 or 4096 bits)");
        }
        throw new PkiException(
                "keys of type " + key.getAlgorithm() + " are not supported (use EC P-256, P-384, P-521 or RSA)");
    }

    static KeyAlgorithm ecAlgorithm(ECParameterSpec params) {
        if (params != null) {
            for (KeyAlgorithm candidate : KeyAlgorithm.values()) {
                if (candidate.isEc() && sameCurve(params, candidate.ecParameters())) {
                    return candidate;
                }
            }
        }
        String name = params == null ? "unknown" : params.toString();
        throw new PkiException("EC keys on the curve " + name + " are not supported (use P-256, P-384 or P-521)");
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getOrder().equals(b.getOrder())
                && a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getCofactor() == b.getCofactor();
    }

    /**
     * The public key that belongs to a private key. RSA keys carry it (CRT form, which is what PKCS#1 and PKCS#8
     * hold); for EC it is computed as Q = d*G on the key's curve, since SEC1 makes the public key optional.
     */
    public static PublicKey publicKeyOf(PrivateKey privateKey) {
        KeyAlgorithm algorithm = algorithmOf(privateKey);
        try {
            if (privateKey instanceof ECPrivateKey ec) {
                X9ECParameters x9 = ECNamedCurveTable.getByOID(algorithm.curveOid());
                org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier()
                        .multiply(x9.getG(), ec.getS())
                        .normalize();
                ECPoint w = new ECPoint(
                        q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, algorithm.ecParameters()));
            }
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // e.g. a private scalar outside [1, n-1] gives the point at infinity, which has no affine coordinates.
            throw new PkiException("cannot derive the public key from the private key" + Pem.detail(e), e);
        }
        throw new PkiException("cannot derive the public key of an RSA private key without its CRT parameters");
    }

    /**
     * Whether the private key belongs to the public key, proved by signing a random challenge and verifying it, so
     * it works whatever encoding (named or explicit curve, compressed point) the certificate used.
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            KeyAlgorithm algorithm = algorithmOf(privateKey);
            if (!algorithm.jcaName().equals(publicKey.getAlgorithm())) {
                return false;
            }
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm());
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Bit length of the curve order, used to pad the SEC1 private key octet string to its fixed size. */
    static int orderBits(KeyAlgorithm algorithm) {
        BigInteger order = algorithm.ecParameters().getOrder();
        return order.bitLength();
    }
}
