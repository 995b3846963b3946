package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "EC_P384", "EC_P521", "RSA_2048"})
    void generatedKeysReportTheirAlgorithm(KeyAlgorithm algorithm) {
        KeyPair keys = Keys.generate(algorithm);

        assertThat(Keys.algorithmOf(keys.getPublic())).isEqualTo(algorithm);
        assertThat(Keys.algorithmOf(keys.getPrivate())).isEqualTo(algorithm);
        assertThat(keys.getPublic().getAlgorithm()).isEqualTo(algorithm.jcaName());
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "EC_P384", "EC_P521", "RSA_2048"})
    void publicKeyDerivedFromPrivateKeyEqualsTheGeneratedOne(KeyAlgorithm algorithm) {
        KeyPair keys = Keys.generate(algorithm);

        assertThat(Keys.publicKeyOf(keys.getPrivate()).getEncoded())
                .isEqualTo(keys.getPublic().getEncoded());
    }

    @Test
    void matchesTellsWhetherAPrivateKeyBelongsToAPublicKey() {
        KeyPair one = Keys.generate(KeyAlgorithm.EC_P256);
        KeyPair other = Keys.generate(KeyAlgorithm.EC_P256);
        KeyPair rsa = Keys.generate(KeyAlgorithm.RSA_2048);

        assertThat(Keys.matches(one.getPrivate(), one.getPublic())).isTrue();
        assertThat(Keys.matches(one.getPrivate(), other.getPublic())).isFalse();
        assertThat(Keys.matches(one.getPrivate(), rsa.getPublic())).isFalse();
    }

    @Test
    void ecKeyOnAnUnsupportedCurveIsRejectedWithItsReason() throws Exception {
        // secp256k1 (the Bitcoin curve) is not among the curves AWS IoT accepts; the JDK no longer has it, BC does.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair keys = generator.generateKeyPair();

        assertThatThrownBy(() -> Keys.algorithmOf(keys.getPublic()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not supported")
                .hasMessageContaining("P-256, P-384 or P-521");
    }

    @Test
    void rsaKeyOfAnUnsupportedSizeIsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair keys = generator.generateKeyPair();

        assertThatThrownBy(() -> Keys.algorithmOf(keys.getPublic()))
                .isInstanceOf(PkiException.class)
                .hasMessage("RSA keys of 1024 bits are not supported (use 2048, 3072 or 4096 bits)");
    }

    @Test
    void nonEcNonRsaKeyIsRejected() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        assertThatThrownBy(() -> Keys.algorithmOf(keys.getPublic()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("EdDSA")
                .hasMessageContaining("not supported");
    }
}
