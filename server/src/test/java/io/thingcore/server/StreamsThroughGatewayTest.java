package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateStreamResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListStreamsResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.StreamFile;
import software.amazon.awssdk.services.iot.model.StreamInfo;
import software.amazon.awssdk.services.iot.model.StreamSummary;

/**
 * The stream operations of the {@code iot} API model (CreateStream, DescribeStream, ListStreams, UpdateStream,
 * DeleteStream) through a started gateway, with the AWS SDK for Java v2 and the AWS CLI, on files in the gateway's own
 * store (bucket {@value GatewayFiles#OWN_BUCKET}).
 */
class StreamsThroughGatewayTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/stream-reader";

    @TempDir
    Path dataDir;

    SdkGateway started;
    Gateway gateway;
    IotClient iot;
    ObjectInfo image;

    @BeforeEach
    void start() throws IOException {
        started = SdkGateway.start(dataDir);
        gateway = started.gateway;
        iot = started.iot;
        // What `thingcore files put` does: the gateway's own store under its data directory.
        image = SdkGateway.putOwnFile(dataDir, "dic/app.gbl", "firmware v1".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (started != null) {
            started.close();
        }
    }

    static StreamFile file(int id, String bucket, String key) {
        return StreamFile.builder()
                .fileId(id)
                .s3Location(l -> l.bucket(bucket).key(key))
                .build();
    }

    @Test
    void sdk_createDescribeListUpdateDelete() {
        CreateStreamResponse created = iot.createStream(b -> b.streamId("ota-1")
                .description("DIC image")
                .roleArn(ROLE)
                .files(file(0, GatewayFiles.OWN_BUCKET, "dic/app.gbl")));
        String account = gateway.connection().accountId();
        assertThat(created.streamArn()).isEqualTo("arn:aws:iot:us-east-1:" + account + ":stream/ota-1");
        assertThat(created.streamVersion()).isEqualTo(1);
        assertThat(created.description()).isEqualTo("DIC image");

        StreamInfo info = iot.describeStream(b -> b.streamId("ota-1")).streamInfo();
        assertThat(info.streamId()).isEqualTo("ota-1");
        assertThat(info.roleArn()).isEqualTo(ROLE);
        assertThat(info.createdAt()).isNotNull();
        assertThat(info.lastUpdatedAt()).isNotNull();
        assertThat(info.files()).singleElement().satisfies(f -> {
            assertThat(f.fileId()).isZero();
            assertThat(f.s3Location().bucket()).isEqualTo(GatewayFiles.OWN_BUCKET);
            assertThat(f.s3Location().key()).isEqualTo("dic/app.gbl");
        });

        for (int i = 2; i <= 4; i++) {
            String id = "ota-" + i;
            iot.createStream(b -> b.streamId(id).roleArn(ROLE).files(file(0, GatewayFiles.OWN_BUCKET, "dic/app.gbl")));
        }
        ListStreamsResponse first = iot.listStreams(b -> b.maxResults(3).ascendingOrder(true));
        assertThat(first.streams()).extracting(StreamSummary::streamId).containsExactly("ota-1", "ota-2", "ota-3");
        ListStreamsResponse second =
                iot.listStreams(b -> b.maxResults(3).ascendingOrder(true).nextToken(first.nextToken()));
        assertThat(second.streams()).extracting(StreamSummary::streamId).containsExactly("ota-4");
        assertThat(second.nextToken()).isNull();

        var updated = iot.updateStream(b -> b.streamId("ota-1").description("DIC image, again"));
        assertThat(updated.streamVersion()).isEqualTo(2);
        assertThat(iot.describeStream(b -> b.streamId("ota-1")).streamInfo().description())
                .isEqualTo("DIC image, again");

        iot.deleteStream(b -> b.streamId("ota-1"));
        assertThatThrownBy(() -> iot.describeStream(b -> b.streamId("ota-1")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void sdk_refusalsAreAwsErrors() {
        iot.createStream(b -> b.streamId("s").roleArn(ROLE).files(file(0, GatewayFiles.OWN_BUCKET, "dic/app.gbl")));
        assertThatThrownBy(() -> iot.createStream(
                        b -> b.streamId("s").roleArn(ROLE).files(file(0, GatewayFiles.OWN_BUCKET, "dic/app.gbl"))))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.resourceId()).isEqualTo("s");
                });
        assertThatThrownBy(() -> iot.createStream(
                        b -> b.streamId("t").roleArn(ROLE).files(file(0, GatewayFiles.OWN_BUCKET, "missing.bin"))))
                .isInstanceOf(ResourceNotFoundException.class);
        // Without --s3-endpoint, a bucket other than the gateway's own names nothing, and the message says why.
        assertThatThrownBy(() ->
                        iot.createStream(b -> b.streamId("t").roleArn(ROLE).files(file(0, "my-firmware", "app.gbl"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("--s3-endpoint");
        assertThatThrownBy(() -> iot.createStream(
                        b -> b.streamId("t").roleArn(ROLE).files(file(256, GatewayFiles.OWN_BUCKET, "dic/app.gbl"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.createStream(b ->
                        b.streamId("bad id!").roleArn(ROLE).files(file(0, GatewayFiles.OWN_BUCKET, "dic/app.gbl"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.updateStream(b -> b.streamId("nope").description("x")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.deleteStream(b -> b.streamId("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listStreams(b -> b.nextToken("garbage!")))
                .isInstanceOf(InvalidRequestException.class);
        // Nothing refused was written.
        assertThat(iot.listStreams(b -> b.maxResults(10)).streams())
                .extracting(StreamSummary::streamId)
                .containsExactly("s");
    }

    /** The AWS CLI: {@code THINGCORE_AWS_CLI_V2} (CI sets it); skipped without it, failed in CI. */
    @Test
    void awsCli_everyOperationWithSuccessAndErrors() throws Exception {
        String cli = System.getenv("THINGCORE_AWS_CLI_V2");
        ExternalTools.require(
                cli != null && !cli.isBlank(), "the AWS CLI v2 (THINGCORE_AWS_CLI_V2 names it; .ci/run sets it)");
        String files = "[{\"fileId\":0,\"s3Location\":{\"bucket\":\"" + GatewayFiles.OWN_BUCKET
                + "\",\"key\":\"dic/app.gbl\"}}]";
        JsonNode created = ok(cli, "create-stream", "--stream-id", "cli-1", "--role-arn", ROLE, "--files", files);
        assertThat(created.get("streamVersion").asInt()).isEqualTo(1);
        JsonNode described = ok(cli, "describe-stream", "--stream-id", "cli-1");
        assertThat(described.at("/streamInfo/files/0/s3Location/key").asText()).isEqualTo("dic/app.gbl");
        JsonNode listed = ok(cli, "list-streams");
        assertThat(listed.at("/streams/0/streamId").asText()).isEqualTo("cli-1");
        JsonNode updated = ok(cli, "update-stream", "--stream-id", "cli-1", "--description", "v2");
        assertThat(updated.get("streamVersion").asInt()).isEqualTo(2);
        ok(cli, "delete-stream", "--stream-id", "cli-1");

        assertThat(fails(cli, "describe-stream", "--stream-id", "cli-1")).contains("ResourceNotFoundException");
        assertThat(fails(
                        cli,
                        "create-stream",
                        "--stream-id",
                        "cli-2",
                        "--role-arn",
                        ROLE,
                        "--files",
                        files.replace("dic/app.gbl", "missing.bin")))
                .contains("ResourceNotFoundException");
        ok(cli, "create-stream", "--stream-id", "cli-2", "--role-arn", ROLE, "--files", files);
        assertThat(fails(cli, "create-stream", "--stream-id", "cli-2", "--role-arn", ROLE, "--files", files))
                .contains("ResourceAlreadyExistsException");
        assertThat(fails(cli, "list-streams", "--max-results", "251")).contains("InvalidRequestException");
    }

    private record Run(int exit, String output) {}

    private Run aws(String cli, String... args) throws Exception {
        ConnectionInfo info = gateway.connection();
        List<String> command = new ArrayList<>(List.of(cli, "--endpoint-url", info.apiEndpoint(), "--output", "json"));
        command.add("iot");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", info.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", info.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", info.region());
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", dataDir.resolve("no-aws-config").toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                dataDir.resolve("no-aws-credentials").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private JsonNode ok(String cli, String... args) throws Exception {
        Run run = aws(cli, args);
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output().isBlank()
                ? new ObjectMapper().createObjectNode()
                : new ObjectMapper().readTree(run.output());
    }

    private String fails(String cli, String... args) throws Exception {
        Run run = aws(cli, args);
        assertThat(run.exit()).as(run.output()).isNotZero();
        return run.output();
    }
}
