package io.thingcore.dic.ota;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.model.CreateOtaUpdateRequest;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.Protocol;

/**
 * One OTA update of one file to one thing, with a signature the user made (AWS's "custom code signing": AWS IoT
 * Developer Guide, "Create an OTA update with the AWS CLI"; AWS API model {@code iot} {@code CreateOTAUpdate},
 * {@code OTAUpdateFile}, {@code CustomCodeSigning}).
 *
 * @param updateId the OTA update ID; the job is {@code AFR_OTA-<updateId>}
 * @param thingArn the one target
 * @param bucket the S3 bucket holding the file ({@code thingcore-files} for the gateway's own store)
 * @param key the object key
 * @param version the object version, or null for the current one
 * @param devicePath {@code fileName}: where the device stores the file ({@code afr_ota.files[].filepath})
 * @param signature the ECDSA P-256 / SHA-256 signature, DER ({@code sig-sha256-ecdsa} in the job document)
 * @param certificateName {@code certificateChain.certificateName}: the code-signing certificate's path on the device
 * @param roleArn the role AWS IoT uses to read the file and create the stream
 */
public record OtaUpdatePlan(
        String updateId,
        String thingArn,
        String bucket,
        String key,
        @Nullable String version,
        String devicePath,
        byte[] signature,
        String certificateName,
        String roleArn) {
    /** {@code configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID}: the file is the device's firmware. */
    public static final int FIRMWARE_FILE_TYPE = 0;

    public OtaUpdatePlan {
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(thingArn, "thingArn");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(devicePath, "devicePath");
        signature = signature.clone();
        Objects.requireNonNull(certificateName, "certificateName");
        Objects.requireNonNull(roleArn, "roleArn");
    }

    /** The job AWS IoT creates for the update ({@code awsIotJobId}). */
    public String jobId() {
        return "AFR_OTA-" + updateId;
    }

    /** The request, over MQTT only: the DIC firmware enables {@code OTA_DATA_OVER_MQTT} alone. */
    public CreateOtaUpdateRequest request() {
        OTAUpdateFile file = OTAUpdateFile.builder()
                .fileName(devicePath)
                .fileType(FIRMWARE_FILE_TYPE)
                .fileLocation(l -> l.s3Location(s -> s.bucket(bucket).key(key).version(version)))
                .codeSigning(c ->
                        c.customCodeSigning(cc -> cc.signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature)))
                                .certificateChain(ch -> ch.certificateName(certificateName))
                                .hashAlgorithm("SHA256")
                                .signatureAlgorithm("ECDSA")))
                .build();
        return CreateOtaUpdateRequest.builder()
                .otaUpdateId(updateId)
                .targets(thingArn)
                .protocols(Protocol.MQTT)
                .roleArn(roleArn)
                .files(file)
                .build();
    }
}
