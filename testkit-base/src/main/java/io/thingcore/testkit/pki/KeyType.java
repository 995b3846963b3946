package io.thingcore.testkit.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key types AWS IoT accepts for device certificates that the tests use (AWS IoT Developer Guide, "X.509 client certificates"). */
public enum KeyType {
    EC_P256("SHA256withECDSA"),
    EC_P384("SHA384withECDSA"),
    RSA_2048("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyType(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The signature algorithm a CA with a key of this type signs with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public KeyPair generate() {
        try {
            if (this != RSA_2048) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type of an existing key. */
    public static KeyType of(KeyPair keys) {
        if (keys.getPublic().getAlgorithm().equals("RSA")) {
            return RSA_2048;
        }
        return ((java.security.interfaces.ECPublicKey) keys.getPublic())
                                .getParams()
                                .getOrder()
                                .bitLength()
                        > 256
                ? EC_P384
                : EC_P256;
    }
}
