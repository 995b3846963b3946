package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.simulator.DicApp;
import io.thingcore.dic.simulator.FirmwareProfile;
import io.thingcore.dic.simulator.SimulatedDevice;
import io.thingcore.dic.simulator.ota.OtaAgent;
import io.thingcore.dic.simulator.ota.StreamFormat;
import io.thingcore.dic.testing.ProvisionedDic;
import io.thingcore.dic.testing.SignedImage;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.tools.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobStatus;

/**
 * Issue 12's judged device test: an OTA update created with the AWS CLI v2 ({@code aws iot create-ota-update}, a
 * signature supplied as custom code signing), received by the simulator's OTA agent (written to the AWS IoT OTA
 * library's protocol, sharing no code with the gateway's jobs and streams), which downloads a 1 MiB file block by block
 * through an MQTT stream, once in CBOR and once in JSON, verifies the signature with the code-signing certificate and
 * reports SUCCEEDED; the job execution and the job then show SUCCEEDED through the API. One gateway for both.
 */
class DicOtaSimulatorIT {
    private static final int FILE_SIZE = 1024 * 1024;
    private static final String THING = "DIC_2";

    @TempDir
    static Path temp;

    private static InProcessGateway gateway;
    private static ProvisionedDic dic;
    private static Path awsCli;
    private static SignedImage image;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> cli = awsCliV2();
        ExternalTools.require(cli.isPresent(), "AWS CLI v2 (THINGCORE_AWS_CLI_V2 or /usr/bin/aws)");
        awsCli = cli.orElseThrow();
        Path dataDir = temp.resolve("data");
        gateway = InProcessGateway.start(dataDir);
        dic = ProvisionedDic.provision(gateway, temp.resolve("dic-out"));
        image = SignedImage.store(dataDir, temp.resolve("app.gbl"), FILE_SIZE, 12);
    }

    @AfterAll
    static void stop() {
        if (dic != null) {
            dic.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void cborStream() throws Exception {
        updateThrough(StreamFormat.CBOR);
    }

    @Test
    void jsonStream() throws Exception {
        updateThrough(StreamFormat.JSON);
    }

    private void updateThrough(StreamFormat format) throws Exception {
        String updateId = "dic-" + format.topicLevel();
        String jobId = createOtaUpdateWithTheAwsCli(updateId);
        assertThat(jobId).isEqualTo("AFR_OTA-" + updateId);
        Path downloads = temp.resolve("downloads-" + format.topicLevel());
        List<String> log = new CopyOnWriteArrayList<>();
        FirmwareProfile profile = FirmwareProfile.of(Firmware.DIC, THING)
                .withOtaSettings(true, new OtaAgent.Settings(downloads, format, image.signerCertificate()));
        try (SimulatedDevice device = dic.device(DicApp.Kind.LIGHTING, profile, log::add)) {
            device.start().get(10, TimeUnit.SECONDS);
            dic.sendCommand("ota");
            JobExecution done;
            try (IotClient iot = gateway.iot()) {
                done = SignedImage.awaitEnd(iot, jobId, THING, Duration.ofSeconds(120), Duration.ofMillis(100));
            }
            assertThat(done.status()).as(String.join("\n", log)).isEqualTo(JobExecutionStatus.SUCCEEDED);
            assertThat(done.statusDetails().detailsMap())
                    .containsEntry("reason", "accepted  v0.9.3")
                    .containsEntry("updatedBy", "  v0.9.2");
        }
        assertThat(log).contains("OTA agent: signature verified with CN=code signer");
        assertThat(log.stream()
                        .filter(line -> line.startsWith("OTA agent: publishing to $aws/things/DIC_2/streams/")
                                && line.endsWith("/get/" + format.topicLevel() + " (QoS 0)"))
                        .count())
                .as("one request per 1 KiB block")
                .isEqualTo(FILE_SIZE / OtaAgent.BLOCK_SIZE);
        try (Stream<Path> written = Files.list(downloads)) {
            assertThat(Files.readAllBytes(written.findFirst().orElseThrow())).isEqualTo(image.bytes());
        }
        try (IotClient iot = gateway.iot()) {
            assertThat(iot.describeJob(b -> b.jobId(jobId)).job().status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    private String createOtaUpdateWithTheAwsCli(String updateId) throws Exception {
        ConnectionInfo info = gateway.connection();
        String thingArn = "arn:aws:iot:" + info.region() + ":" + info.accountId() + ":thing/" + THING;
        String signatureBase64 =
                Base64.getEncoder().encodeToString(image.signature().signature());
        String files = "[{\"fileName\":\"/ota/app.gbl\",\"fileType\":0,"
                + "\"fileLocation\":{\"s3Location\":{\"bucket\":\"" + GatewayFiles.OWN_BUCKET
                + "\",\"key\":\"" + SignedImage.KEY + "\"}},"
                + "\"codeSigning\":{\"customCodeSigning\":{\"signature\":{\"inlineDocument\":\"" + signatureBase64
                + "\"},\"certificateChain\":{\"certificateName\":\"codesign.crt\"},"
                + "\"hashAlgorithm\":\"SHA256\",\"signatureAlgorithm\":\"ECDSA\"}}}]";
        ProcessBuilder builder = new ProcessBuilder(
                        awsCli.toString(),
                        "iot",
                        "create-ota-update",
                        "--endpoint-url",
                        info.apiEndpoint(),
                        "--ota-update-id",
                        updateId,
                        "--targets",
                        thingArn,
                        "--protocols",
                        "MQTT",
                        "--role-arn",
                        "arn:aws:iam::" + info.accountId() + ":role/ota",
                        "--files",
                        files,
                        "--query",
                        "awsIotJobId",
                        "--output",
                        "text")
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", info.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", info.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", info.region());
        if (info.apiEndpoint().startsWith("https:")) {
            env.put("AWS_CA_BUNDLE", info.serverCaFile());
        }
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** {@code THINGCORE_AWS_CLI_V2}, else {@code /usr/bin/aws} or {@code aws} on the path, when it is version 2. */
    private static Optional<Path> awsCliV2() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getenv("THINGCORE_AWS_CLI_V2");
        if (override != null) {
            candidates.add(Path.of(override));
        }
        candidates.add(Path.of("/usr/bin/aws"));
        ExternalTools.onPath("aws").ifPresent(candidates::add);
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)
                    && ExternalTools.versionLine(candidate.toString(), "--version")
                            .filter(v -> v.startsWith("aws-cli/2."))
                            .isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
