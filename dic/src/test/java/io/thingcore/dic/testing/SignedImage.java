package io.thingcore.dic.testing;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.signing.CodeSignature;
import io.thingcore.pki.signing.CodeSigner;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.Protocol;

/**
 * A firmware image of random bytes written to {@code image} and stored in a gateway's own file store under
 * {@link #KEY}, signed (ECDSA P-256 over SHA-256, the AWS IoT OTA library's {@code sig-sha256-ecdsa}) with a key made
 * here, and the self-signed code-signing certificate that verifies the signature; with what the OTA tests do with it.
 */
public record SignedImage(Path image, byte[] bytes, CodeSignature signature, X509Certificate signerCertificate) {
    /** Where the image is stored in the gateway's own bucket. */
    public static final String KEY = "dic/app.gbl";

    /** Writes {@code size} bytes from {@code new Random(seed)} to {@code image}, stores and signs them. */
    public static SignedImage store(Path dataDir, Path image, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.write(image, bytes);
        try (InputStream in = Files.newInputStream(image)) {
            StreamsWiring.ownFiles(dataDir).put(GatewayFiles.OWN_BUCKET, KEY, in);
        }
        KeyPair signer = Keys.generate(KeyAlgorithm.EC_P256);
        Instant from = Instant.parse("2026-12-01T00:00:00Z");
        return new SignedImage(
                image,
                bytes,
                CodeSigner.sign(image, signer.getPrivate()),
                CertificateAuthority.selfSigned(signer, "CN=code signer", from, from.plus(Duration.ofDays(365)))
                        .certificate());
    }

    /**
     * The CreateOTAUpdate file for the stored image, {@code /ota/app.gbl} on the device, with {@code signature} as
     * custom code signing and the certificate at {@code codesign.crt} on the device.
     */
    public static OTAUpdateFile otaFile(CodeSignature signature) {
        return OTAUpdateFile.builder()
                .fileName("/ota/app.gbl")
                .fileType(0)
                .fileLocation(
                        l -> l.s3Location(s -> s.bucket(GatewayFiles.OWN_BUCKET).key(KEY)))
                .codeSigning(c -> c.customCodeSigning(
                        cc -> cc.signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature.signature())))
                                .certificateChain(ch -> ch.certificateName("codesign.crt"))
                                .hashAlgorithm("SHA256")
                                .signatureAlgorithm("ECDSA")))
                .build();
    }

    /** CreateOTAUpdate {@code id} over MQTT for {@code thingArn} with {@code signature}; the job's ID. */
    public static String createOtaUpdate(IotClient iot, String id, String thingArn, CodeSignature signature) {
        return iot.createOTAUpdate(b -> b.otaUpdateId(id)
                        .targets(thingArn)
                        .protocols(Protocol.MQTT)
                        .roleArn("arn:aws:iam::123456789012:role/ota")
                        .files(otaFile(signature)))
                .awsIotJobId();
    }

    /**
     * The job execution of {@code jobId} on {@code thing} once it is neither QUEUED nor IN_PROGRESS, or as it is
     * after {@code within}; read through {@code iot} every {@code poll}.
     */
    public static JobExecution awaitEnd(IotClient iot, String jobId, String thing, Duration within, Duration poll)
            throws InterruptedException {
        return awaitEnd(within, poll, () -> describe(iot, jobId, thing));
    }

    /**
     * As {@link #awaitEnd(IotClient, String, String, Duration, Duration)}, with a new client from {@code clients} for
     * each read, for a gateway that restarts meanwhile.
     */
    public static JobExecution awaitEndAcrossRestarts(
            Supplier<IotClient> clients, String jobId, String thing, Duration within, Duration poll)
            throws InterruptedException {
        return awaitEnd(within, poll, () -> {
            try (IotClient iot = clients.get()) {
                return describe(iot, jobId, thing);
            }
        });
    }

    private static JobExecution awaitEnd(Duration within, Duration poll, Supplier<JobExecution> read)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JobExecution execution = read.get();
            if (execution.status() != JobExecutionStatus.QUEUED && execution.status() != JobExecutionStatus.IN_PROGRESS
                    || System.nanoTime() > deadline) {
                return execution;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private static JobExecution describe(IotClient iot, String jobId, String thing) {
        return iot.describeJobExecution(b -> b.jobId(jobId).thingName(thing)).execution();
    }
}
