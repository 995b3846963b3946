package io.thingcore.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * The key types thingcore makes and accepts. EC P-256 is the default (the DIC guide's {@code prime256v1});
 * P-384/P-521 and RSA 2048/3072/4096 are the other key types AWS IoT accepts in device certificates and CSRs.
 */
public enum KeyAlgorithm {
    EC_P256("secp256r1", SECObjectIdentifiers.secp256r1, 256, "SHA256withECDSA"),
    RSA_2048(null, null, 2048, "SHA256withRSA"),
    RSA_3072(null, null, 3072, "SHA256withRSA"),
    EC_P384("secp384r1", SECObjectIdentifiers.secp384r1, 384, "SHA384withECDSA"),
    EC_P521("secp521r1", SECObjectIdentifiers.secp521r1, 521, "SHA512withECDSA"),
    RSA_4096(null, null, 4096, "SHA256withRSA");

    // Both null for RSA.
    private final @Nullable String curveName;
    private final @Nullable ASN1ObjectIdentifier curveOid;
    private final int bits;
    // The hash matches the curve strength (RFC 5480 section 4); for RSA, SHA-256 is what openssl and AWS default to.
    private final String signatureAlgorithm;
    private volatile @Nullable ECParameterSpec ecParameters;

    KeyAlgorithm(
            @Nullable String curveName, @Nullable ASN1ObjectIdentifier curveOid, int bits, String signatureAlgorithm) {
        this.curveName = curveName;
        this.curveOid = curveOid;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** True for the elliptic-curve algorithms. */
    public boolean isEc() {
        return curveName != null;
    }

    /** The RSA modulus size or the EC field size, in bits. */
    public int bits() {
        return bits;
    }

    /** The JCA key algorithm name: {@code EC} or {@code RSA}. */
    public String jcaName() {
        return isEc() ? "EC" : "RSA";
    }

    /** The JCA signature algorithm used when this key signs a certificate or CSR, e.g. {@code SHA256withECDSA}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The SEC 2 curve name ({@code secp256r1} = openssl's {@code prime256v1}); EC only. */
    String curveName() {
        return requireEc(curveName);
    }

    /** The named-curve OID written into SEC1 and SubjectPublicKeyInfo (RFC 5480); EC only. */
    ASN1ObjectIdentifier curveOid() {
        return requireEc(curveOid);
    }

    /** The JDK's domain parameters of the curve; EC only. */
    ECParameterSpec ecParameters() {
        String curveName = curveName();
        ECParameterSpec spec = ecParameters;
        if (spec == null) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(curveName));
                spec = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new PkiException("this JDK does not support the EC curve " + curveName, e);
            }
            ecParameters = spec;
        }
        return spec;
    }

    /** A curve property asked of an RSA algorithm is a programming error: every caller checks {@link #isEc()}. */
    private <T> T requireEc(@Nullable T curveProperty) {
        if (curveProperty == null) {
            throw new IllegalStateException(this + " is not an elliptic-curve algorithm");
        }
        return curveProperty;
    }
}
