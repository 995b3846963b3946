package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.ObjectInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateOtaUpdateRequest;
import software.amazon.awssdk.services.iot.model.CreateOtaUpdateResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateInfo;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateSummary;
import software.amazon.awssdk.services.iot.model.Protocol;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * The OTA update operations of the {@code iot} API model (CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates,
 * DeleteOTAUpdate) through a started gateway with the AWS SDK for Java v2: each update is a stream and a job whose
 * document is the {@code afr_ota} document the OTA library reads.
 */
class OtaUpdatesThroughGatewayTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/ota";
    static final int IMAGE_BYTES = 70_000;
    /** An ECDSA P-256 signature is DER of at most 72 bytes; its content does not matter to the gateway. */
    static final byte[] SIGNATURE = new byte[71];

    @TempDir
    Path dataDir;

    SdkGateway started;
    Gateway gateway;
    IotClient iot;
    ObjectInfo stored;

    @BeforeEach
    void start() throws IOException {
        started = SdkGateway.start(dataDir);
        gateway = started.gateway;
        iot = started.iot;
        byte[] image = new byte[IMAGE_BYTES];
        new Random(7).nextBytes(image);
        stored = SdkGateway.putOwnFile(dataDir, "dic/app.gbl", image);
        new Random(8).nextBytes(SIGNATURE);
        iot.createThing(b -> b.thingName("dic-1"));
    }

    @AfterEach
    void stop() {
        if (started != null) {
            started.close();
        }
    }

    String thingArn(String thing) {
        ConnectionInfo c = gateway.connection();
        return "arn:aws:iot:" + c.region() + ":" + c.accountId() + ":thing/" + thing;
    }

    static OTAUpdateFile signedS3File(String key) {
        return OTAUpdateFile.builder()
                .fileName("/ota/app.gbl")
                .fileType(0)
                .fileLocation(
                        l -> l.s3Location(s -> s.bucket(GatewayFiles.OWN_BUCKET).key(key)))
                .codeSigning(c ->
                        c.customCodeSigning(cc -> cc.signature(s -> s.inlineDocument(SdkBytes.fromByteArray(SIGNATURE)))
                                .certificateChain(ch -> ch.certificateName("/certs/ota_signer.crt"))
                                .hashAlgorithm("SHA256")
                                .signatureAlgorithm("ECDSA")))
                .build();
    }

    CreateOtaUpdateRequest.Builder update(String id, OTAUpdateFile file) {
        return CreateOtaUpdateRequest.builder()
                .otaUpdateId(id)
                .targets(thingArn("dic-1"))
                .protocols(Protocol.MQTT)
                .roleArn(ROLE)
                .files(file);
    }

    @Test
    void createGetListDelete_makeAStreamAndAJobWithTheAfrOtaDocument() throws Exception {
        CreateOtaUpdateResponse created = iot.createOTAUpdate(
                update("v2", signedS3File("dic/app.gbl")).description("DIC v2").build());
        String account = gateway.connection().accountId();
        assertThat(created.otaUpdateId()).isEqualTo("v2");
        assertThat(created.otaUpdateArn()).isEqualTo("arn:aws:iot:us-east-1:" + account + ":otaupdate/v2");
        assertThat(created.awsIotJobId()).isEqualTo("AFR_OTA-v2");
        assertThat(created.awsIotJobArn()).isEqualTo("arn:aws:iot:us-east-1:" + account + ":job/AFR_OTA-v2");
        assertThat(created.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);

        JsonNode document = new ObjectMapper()
                .readTree(iot.getJobDocument(b -> b.jobId("AFR_OTA-v2")).document())
                .get("afr_ota");
        assertThat(document.get("protocols").toString()).isEqualTo("[\"MQTT\"]");
        String streamName = document.get("streamname").asText();
        // AWS names the stream it creates AFR_OTA- and a UUID.
        assertThat(streamName).startsWith("AFR_OTA-").hasSize("AFR_OTA-".length() + 36);
        JsonNode file = document.at("/files/0");
        assertThat(file.get("filepath").asText()).isEqualTo("/ota/app.gbl");
        assertThat(file.get("filesize").isIntegralNumber()).isTrue();
        assertThat(file.get("filesize").asLong()).isEqualTo(IMAGE_BYTES);
        assertThat(file.get("fileid").asInt()).isZero();
        assertThat(file.get("fileType").asInt()).isZero();
        assertThat(file.get("certfile").asText()).isEqualTo("/certs/ota_signer.crt");
        assertThat(file.get("sig-sha256-ecdsa").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(SIGNATURE));
        assertThat(iot.describeStream(b -> b.streamId(streamName)).streamInfo().files())
                .singleElement()
                .satisfies(f -> assertThat(f.s3Location().key()).isEqualTo("dic/app.gbl"));
        assertThat(iot.describeJob(b -> b.jobId("AFR_OTA-v2")).job().status()).isEqualTo(JobStatus.IN_PROGRESS);

        OTAUpdateInfo info = iot.getOTAUpdate(b -> b.otaUpdateId("v2")).otaUpdateInfo();
        assertThat(info.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        assertThat(info.description()).isEqualTo("DIC v2");
        assertThat(info.targets()).containsExactly(thingArn("dic-1"));
        assertThat(info.protocols()).containsExactly(Protocol.MQTT);
        assertThat(info.awsIotJobId()).isEqualTo("AFR_OTA-v2");
        assertThat(info.creationDate()).isNotNull();
        assertThat(info.otaUpdateFiles()).singleElement().satisfies(f -> {
            assertThat(f.fileName()).isEqualTo("/ota/app.gbl");
            assertThat(f.codeSigning()
                            .customCodeSigning()
                            .signature()
                            .inlineDocument()
                            .asByteArray())
                    .isEqualTo(SIGNATURE);
        });

        // An update whose file is already in a stream uses that stream.
        iot.createOTAUpdate(update(
                        "v3",
                        OTAUpdateFile.builder()
                                .fileName("/ota/app.gbl")
                                .fileLocation(l ->
                                        l.stream(s -> s.streamId(streamName).fileId(0)))
                                .build())
                .build());
        assertThat(new ObjectMapper()
                        .readTree(iot.getJobDocument(b -> b.jobId("AFR_OTA-v3")).document())
                        .at("/afr_ota/streamname")
                        .asText())
                .isEqualTo(streamName);
        iot.createOTAUpdate(update("v4", signedS3File("dic/app.gbl")).build());
        String v4Stream = new ObjectMapper()
                .readTree(iot.getJobDocument(b -> b.jobId("AFR_OTA-v4")).document())
                .at("/afr_ota/streamname")
                .asText();
        assertThat(v4Stream).isNotEqualTo(streamName);

        var first = iot.listOTAUpdates(b -> b.maxResults(2));
        var second = iot.listOTAUpdates(b -> b.maxResults(2).nextToken(first.nextToken()));
        assertThat(first.otaUpdates()).hasSize(2);
        assertThat(second.nextToken()).isNull();
        assertThat(java.util.stream.Stream.concat(first.otaUpdates().stream(), second.otaUpdates().stream()))
                .extracting(OTAUpdateSummary::otaUpdateId)
                .containsExactlyInAnyOrder("v2", "v3", "v4");
        assertThat(iot.listOTAUpdates(b -> b.otaUpdateStatus(OTAUpdateStatus.CREATE_COMPLETE))
                        .otaUpdates())
                .hasSize(3);
        assertThat(iot.listOTAUpdates(b -> b.otaUpdateStatus(OTAUpdateStatus.CREATE_FAILED))
                        .otaUpdates())
                .isEmpty();

        // The job is in progress: deleting the update needs forceDeleteAWSJob. The refusal is one of the
        // operation's modelled errors (iot service model, DeleteOTAUpdate.errors), so the SDK can match it.
        assertThatThrownBy(() -> iot.deleteOTAUpdate(b -> b.otaUpdateId("v4")))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400))
                .hasMessageContaining("forceDeleteAWSJob");
        assertThat(iot.describeJob(b -> b.jobId("AFR_OTA-v4")).job().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(iot.getOTAUpdate(b -> b.otaUpdateId("v4")).otaUpdateInfo()).isNotNull();
        iot.deleteOTAUpdate(b -> b.otaUpdateId("v4").forceDeleteAWSJob(true).deleteStream(true));
        assertThatThrownBy(() -> iot.getOTAUpdate(b -> b.otaUpdateId("v4")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.describeStream(b -> b.streamId(v4Stream)))
                .isInstanceOf(ResourceNotFoundException.class);
        // Without deleteStream the stream stays.
        iot.deleteOTAUpdate(b -> b.otaUpdateId("v2").forceDeleteAWSJob(true));
        assertThat(iot.describeStream(b -> b.streamId(streamName)).streamInfo()).isNotNull();
    }

    @Test
    void aStreamFileThatChangedAfterCreateStream_failsTheUpdateWithErrorInfoAndNoJob() throws Exception {
        iot.createStream(b -> b.streamId("fw")
                .roleArn(ROLE)
                .files(software.amazon.awssdk.services.iot.model.StreamFile.builder()
                        .fileId(0)
                        .s3Location(s -> s.bucket(GatewayFiles.OWN_BUCKET).key("dic/app.gbl"))
                        .build()));
        OTAUpdateFile fromStream = OTAUpdateFile.builder()
                .fileName("/ota/app.gbl")
                .fileLocation(l -> l.stream(s -> s.streamId("fw").fileId(0)))
                .build();

        // Intact: the file is read again, matches, and the job is created.
        assertThat(iot.createOTAUpdate(update("good", fromStream).build()).otaUpdateStatus())
                .isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        assertThat(iot.describeJob(b -> b.jobId("AFR_OTA-good")).job().status()).isEqualTo(JobStatus.IN_PROGRESS);

        // The pinned content changes in place, same size (the gateway's own store names it by its SHA-256, in
        // <files>/<bucket>/<sha256(key)>/v/<version>): the update fails before any job exists.
        String hashedKey = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("dic/app.gbl".getBytes(StandardCharsets.UTF_8)));
        Path content = dataDir.resolve(StreamsWiring.FILES_DIRECTORY)
                .resolve(GatewayFiles.OWN_BUCKET)
                .resolve(hashedKey)
                .resolve("v")
                .resolve(stored.version());
        byte[] bytes = Files.readAllBytes(content);
        bytes[IMAGE_BYTES / 2] ^= 1;
        Files.write(content, bytes);
        CreateOtaUpdateResponse changed =
                iot.createOTAUpdate(update("changed", fromStream).build());
        assertThat(changed.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_FAILED);
        assertThat(changed.awsIotJobId()).isNull();
        OTAUpdateInfo info = iot.getOTAUpdate(b -> b.otaUpdateId("changed")).otaUpdateInfo();
        assertThat(info.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_FAILED);
        assertThat(info.awsIotJobId()).isNull();
        assertThat(info.errorInfo().code()).isEqualTo("StreamFileChanged");
        assertThat(info.errorInfo().message())
                .startsWith("file 0 of the update: the object at s3://thingcore-files/dic/app.gbl is 70000 bytes"
                        + " with SHA-256 ")
                .endsWith("but the stream pinned 70000 bytes with SHA-256 " + stored.version());
        assertThatThrownBy(() -> iot.describeJob(b -> b.jobId("AFR_OTA-changed")))
                .isInstanceOf(ResourceNotFoundException.class);

        // The pinned object is gone.
        Files.delete(content);
        assertThat(iot.createOTAUpdate(update("gone", fromStream).build()).otaUpdateStatus())
                .isEqualTo(OTAUpdateStatus.CREATE_FAILED);
        assertThat(iot.getOTAUpdate(b -> b.otaUpdateId("gone"))
                        .otaUpdateInfo()
                        .errorInfo()
                        .code())
                .isEqualTo("StreamFileMissing");

        assertThat(iot.listOTAUpdates(b -> b.otaUpdateStatus(OTAUpdateStatus.CREATE_FAILED))
                        .otaUpdates())
                .extracting(OTAUpdateSummary::otaUpdateId)
                .containsExactlyInAnyOrder("changed", "gone");
        assertThat(iot.listJobs(b -> b.maxResults(10)).jobs())
                .extracting(j -> j.jobId())
                .containsExactly("AFR_OTA-good");
        // A failed update has no job to delete.
        iot.deleteOTAUpdate(b -> b.otaUpdateId("changed"));
        assertThatThrownBy(() -> iot.getOTAUpdate(b -> b.otaUpdateId("changed")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void refusalsAreAwsErrors_andLeaveNothingBehind() {
        iot.createOTAUpdate(update("v2", signedS3File("dic/app.gbl")).build());
        assertThatThrownBy(() -> iot.createOTAUpdate(
                        update("v2", signedS3File("dic/app.gbl")).build()))
                .isInstanceOfSatisfying(
                        ResourceAlreadyExistsException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(409));
        assertThatThrownBy(() -> iot.createOTAUpdate(update("http", signedS3File("dic/app.gbl"))
                        .protocols(Protocol.HTTP)
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("HTTP");
        assertThatThrownBy(() -> iot.createOTAUpdate(update(
                                "signer",
                                signedS3File("dic/app.gbl").toBuilder()
                                        .codeSigning(c -> c.awsSignerJobId("job-1"))
                                        .build())
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("AWS Signer is not emulated");
        assertThatThrownBy(() -> iot.createOTAUpdate(update("group", signedS3File("dic/app.gbl"))
                        .targets(thingArn("dic-1").replace(":thing/dic-1", ":thinggroup/fleet"))
                        .build()))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("thing groups");
        assertThatThrownBy(() -> iot.createOTAUpdate(
                        update("missing", signedS3File("missing.gbl")).build()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.createOTAUpdate(update(
                                "nostream",
                                OTAUpdateFile.builder()
                                        .fileName("/ota/app.gbl")
                                        .fileLocation(l ->
                                                l.stream(s -> s.streamId("nope").fileId(0)))
                                        .build())
                        .build()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.getOTAUpdate(b -> b.otaUpdateId("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.deleteOTAUpdate(b -> b.otaUpdateId("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listOTAUpdates(b -> b.nextToken("garbage")))
                .isInstanceOf(InvalidRequestException.class);

        // Nothing refused was written: one update, one job, one stream.
        assertThat(iot.listOTAUpdates(b -> b.maxResults(10)).otaUpdates())
                .extracting(OTAUpdateSummary::otaUpdateId)
                .containsExactly("v2");
        assertThat(iot.listStreams(b -> b.maxResults(10)).streams()).hasSize(1);
        assertThat(iot.listJobs(b -> b.maxResults(10)).jobs()).hasSize(1);
    }
}
