package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.testkit.InProcessGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicCommandTest {
    @TempDir
    Path temp;

    @Test
    void provisionShowsEachStepAndJsonPrintsOnlyProvisionJson() throws Exception {
        try (InProcessGateway gateway = InProcessGateway.start(temp.resolve("data"))) {
            Path out = temp.resolve("dic-out");
            String connection = gateway.connectionFile().toString();

            CliRun first = CliRun.of("dic", "provision", "--connection", connection, "--out", out.toString());
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(first.stdout())
                    .contains("[1/9] certificates in " + out + " ... created CA, device, explorer\n")
                    .contains("[4/9] create policy DIC_POLICY ... created\n")
                    .contains("[5/9] create thing DIC_2 ... created\n")
                    // The check step's warning follows its line.
                    .containsPattern("\\[2/9\\] check [^\n]*\n      warning: the board would dial localhost, which on"
                            + " a board is the board itself")
                    .contains("[9/9] write firmware/ (dic), mqtt-explorer/, provision.json ... written\n")
                    .contains("dic_config.h, dic_nvm_cert.cpp for the dic firmware (host localhost");

            CliRun second =
                    CliRun.of("dic", "provision", "--connection", connection, "--out", out.toString(), "--json");
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(second.stdout()).isEqualTo(Files.readString(out.resolve("provision.json")));
            JsonNode json = new ObjectMapper().readTree(second.stdout());
            assertThat(json.at("/ca/action").asText()).isEqualTo("reused");
            assertThat(json.at("/device/thingName").asText()).isEqualTo("DIC_2");
            assertThat(json.at("/device/certificateArn").asText()).startsWith("arn:aws:iot:us-east-1:");
            assertThat(json.at("/explorer/thingName").asText()).isEqualTo("DIC_EXPLORER");
            assertThat(json.at("/endpoint/port").asInt()).isEqualTo(gateway.mqttPort());
        }
    }

    @Test
    void aStoppedGatewayExitsOneWithOneParagraph() throws Exception {
        Path connection;
        try (InProcessGateway gateway = InProcessGateway.start(temp.resolve("data"))) {
            connection = gateway.connectionFile();
        }
        CliRun run = CliRun.of(
                "dic",
                "provision",
                "--connection",
                connection.toString(),
                "--out",
                temp.resolve("o").toString(),
                "--json",
                "--wait-for-gateway",
                "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().filter(l -> l.startsWith("thingcore: ")))
                .singleElement()
                .asString()
                .contains("step 2/9")
                .contains("connection refused")
                .contains("thingcore up");
    }

    @Test
    void aGatewayThatRanHereButStoppedIsNamedAfterAShortWait() {
        Path connection;
        try (InProcessGateway gateway = InProcessGateway.start(temp.resolve("data"))) {
            connection = gateway.connectionFile();
        }
        CliRun run = CliRun.of(
                "dic",
                "provision",
                "--connection",
                connection.toString(),
                "--out",
                temp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().lines().filter(l -> l.startsWith("thingcore: ")))
                .containsExactly(
                        "thingcore: waiting up to 60 s for the gateway in " + temp.resolve("data") + " to be ready...",
                        "thingcore: no gateway is running on " + temp.resolve("data") + ": start one with `thingcore"
                                + " up`, or pass --connection FILE, --endpoint-url URL or --aws");
    }

    @Test
    void provisionWaitsForAGatewayThatIsStillStarting() throws Exception {
        Path dataDir = temp.resolve("data");
        java.util.concurrent.CompletableFuture<InProcessGateway> starting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        Thread.sleep(2_000); // provision is already waiting when the gateway starts
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return InProcessGateway.start(dataDir);
                });
        try {
            CliRun run = CliRun.of(
                    "dic",
                    "provision",
                    "--connection",
                    dataDir.resolve("connection.json").toString(),
                    "--out",
                    temp.resolve("o").toString());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stderr())
                    .contains("thingcore: waiting up to 60 s for the gateway in " + dataDir + " to be ready");
            assertThat(run.stdout()).contains("[9/9] write firmware/");
        } finally {
            starting.get(60, java.util.concurrent.TimeUnit.SECONDS).close();
        }
    }

    @Test
    void withoutAConnectionFileItSaysHowToGetOne() {
        CliRun run = CliRun.of(
                "dic", "provision", "--connection", temp.resolve("none.json").toString(), "--out", temp.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("no gateway connection file at").contains("thingcore up");
    }

    @Test
    void targetsAndPolicySourcesAreExclusiveAndTheCaModeIsSpelledLikeTheIssue() {
        assertThat(CliRun.of("dic", "provision", "--aws", "--endpoint-url", "http://x")
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("dic", "provision", "--least-privilege", "--policy-file", "p.json")
                        .exitCode())
                .isEqualTo(2);
        CliRun bad = CliRun.of("dic", "provision", "--ca-mode", "nope");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("expected sni-only or default");
        assertThat(CliRun.of("dic", "provision", "--help").stdout())
                .contains("--connection", "--endpoint-url", "--aws", "--region", "--profile", "--out", "--ca-dir")
                .contains("--thing", "--explorer-thing", "--ca-mode", "--policy-name", "--policy-file")
                .contains("--least-privilege", "--json");
    }
}
