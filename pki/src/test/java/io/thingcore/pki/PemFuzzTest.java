package io.thingcore.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Issue 13: the PEM and certificate parsers under a coverage-guided fuzzer. Certificates, CSRs and keys reach them
 * from anyone who can call the API (RegisterCertificate, RegisterCACertificate, CreateCertificateFromCsr) and from
 * files an operator points the CLI at; whatever arrives is either read or refused with a {@link PkiException}
 * (the API's 400), never another exception. The input is used twice: as PEM text, and as DER wrapped in each PEM
 * block type, so that the fuzzer reaches the ASN.1 decoders behind the base64. In a normal build the seeds under
 * {@code src/test/resources/io/thingcore/pki/PemFuzzTestInputs/} run as regression tests; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/security.md, "Proving suite").
 */
class PemFuzzTest {
    private static final List<String> BLOCKS = List.of(
            "CERTIFICATE", "CERTIFICATE REQUEST", "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY");

    @FuzzTest(maxDuration = "30s")
    void anyInput_isReadOrRefusedWithPkiException(byte[] input) {
        readEverything(new String(input, StandardCharsets.UTF_8));
        String base64 = Base64.getMimeEncoder().encodeToString(input);
        for (String block : BLOCKS) {
            readEverything("-----BEGIN " + block + "-----\n" + base64 + "\n-----END " + block + "-----\n");
        }
    }

    private static void readEverything(String pem) {
        try {
            for (X509Certificate certificate : Pem.readCertificates(pem)) {
                CertificateIds.of(certificate);
                CertificateChecks.isCertificateAuthority(certificate);
                CertificateChecks.isSelfSigned(certificate);
                CertificateChecks.isSignedBy(certificate, certificate);
                CertificateChecks.isValidAt(certificate, Instant.EPOCH);
                Pem.write(certificate);
            }
        } catch (PkiException refused) {
            // refused as the API refuses it
        }
        try {
            Pem.readCertificate(pem);
        } catch (PkiException refused) {
            // refused
        }
        try {
            Pem.write(Pem.readCsr(pem));
        } catch (PkiException refused) {
            // refused
        }
        try {
            Pem.readPrivateKey(pem);
        } catch (PkiException refused) {
            // refused
        }
        try {
            Pem.readKeyPair(pem);
        } catch (PkiException refused) {
            // refused
        }
        try {
            Pem.readPublicKey(pem);
        } catch (PkiException refused) {
            // refused
        }
    }
}
