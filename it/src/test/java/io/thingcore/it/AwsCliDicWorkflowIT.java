package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The founding workflow (Silicon Labs' Matter DIC guide for AWS, connectedhomeip {@code docs/silabs/wifi/}; README.md)
 * with the real AWS CLI and Debian's mosquitto clients against a gateway started by the {@code thingcore} command:
 * certificates from the guide's openssl commands, every registration step, the device and the explorer exchanging
 * {@code light/state} and {@code command} over mutual TLS, then a restart of the gateway, then the read-back and the
 * tear-down in AWS's order (it/src/test/resources/scripts/dic-workflow.sh).
 */
class AwsCliDicWorkflowIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void awsCliV2RunsTheDicWorkflowAcrossARestart() throws Exception {
        Optional<Path> cli = awsCliOfMajorVersion(2);
        ExternalTools.require(cli.isPresent(), "AWS CLI v2 (Debian package awscli, /usr/bin/aws)");
        runWorkflow(cli.get());
    }

    @Test
    void awsCliV1RunsTheDicWorkflowAcrossARestart() throws Exception {
        // CLI v1 is a bonus: it signs with botocore, a second SigV4 implementation, which api's
        // BotocoreCompatibilityTest already drives in every build. The whole workflow with it (about a minute) runs on
        // demand only: THINGCORE_AWS_CLI_V1=/path/to/aws (v1).
        Assumptions.assumeTrue(
                System.getenv("THINGCORE_AWS_CLI_V1") != null,
                "THINGCORE_AWS_CLI_V1 not set; skipping the workflow with the AWS CLI v1");
        Optional<Path> cli = awsCliOfMajorVersion(1);
        Assumptions.assumeTrue(cli.isPresent(), "THINGCORE_AWS_CLI_V1 is not an AWS CLI v1; skipping");
        runWorkflow(cli.get());
    }

    private void runWorkflow(Path awsCli) throws Exception {
        ExternalTools.require(ExternalTools.versionLine("openssl", "version").isPresent(), "openssl");
        ExternalTools.require(
                ExternalTools.onPath("mosquitto_pub").isPresent()
                        && ExternalTools.onPath("mosquitto_sub").isPresent(),
                "mosquitto clients (Debian package mosquitto-clients)");
        try (GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir)) {
            runPhase("create", awsCli, gateway.connection());
            runPhase("mqtt", awsCli, gateway.connection());
        }
        try (GatewayProcess restarted = GatewayProcess.start(CliJar.PATH, dataDir)) {
            runPhase("teardown", awsCli, restarted.connection());
        }
    }

    private void runPhase(String phase, Path awsCli, ConnectionInfo connection)
            throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(getClass().getResource("/scripts/dic-workflow.sh").toURI());
        ProcessBuilder builder =
                new ProcessBuilder("bash", script.toString(), phase, work.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS", awsCli.toString());
        env.put("ENDPOINT", connection.apiEndpoint());
        env.put("AWS_ACCESS_KEY_ID", connection.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", connection.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", connection.region());
        env.put("ACCOUNT_ID", connection.accountId());
        env.put("EXPECTED_ENDPOINT_HOST", connection.mqttHost());
        env.put("MQTT_HOST", connection.mqttHost());
        env.put("MQTT_PORT", String.valueOf(connection.mqttPort()));
        env.put("SERVER_CA", connection.serverCaFile());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as("dic-workflow.sh %s with %s:\n%s", phase, awsCli, output)
                .isZero();
    }

    /** The AWS CLI of that major version: {@code THINGCORE_AWS_CLI_V1}/{@code _V2}, /usr/bin/aws or aws on PATH. */
    static Optional<Path> awsCliOfMajorVersion(int major) {
        String override = System.getenv(major == 2 ? "THINGCORE_AWS_CLI_V2" : "THINGCORE_AWS_CLI_V1");
        List<Path> candidates = new ArrayList<>();
        if (override != null) {
            candidates.add(Path.of(override));
        }
        candidates.add(Path.of("/usr/bin/aws"));
        ExternalTools.onPath("aws").ifPresent(candidates::add);
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                Optional<String> version = ExternalTools.versionLine(candidate.toString(), "--version");
                if (version.isPresent() && version.get().startsWith("aws-cli/" + major + ".")) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
