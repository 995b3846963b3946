package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code thingcore server|up --config FILE} and {@code THINGCORE_CONFIG}, as a user runs them. */
class ConfigFileCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnusableFileStopsTheStartWithOneLineAndStartsNothing() throws Exception {
        Path file = dir.resolve("thingcore.yaml");
        Files.writeString(file, "data-dir: state\nmqtt_port: 8883\n", StandardCharsets.UTF_8);
        for (String command : new String[] {"up", "server"}) {
            CliRun result = CliRun.of(command, "--config", file.toString());
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr())
                    .isEqualTo("thingcore: configuration file " + file + ", line 2: unknown key 'mqtt_port' (did you"
                            + " mean mqtt-port?): keys are the long options of 'thingcore " + command
                            + "' without their dashes, e.g. data-dir, api-port, api-bind\n");
        }
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void theEnvironmentNamesTheFileWhenTheCommandLineDoesNot() throws Exception {
        Path file = dir.resolve("from-env.yaml");
        Files.writeString(file, "region: eu-central-1\n", StandardCharsets.UTF_8);
        ServerCommand server = new ServerCommand();
        server.environment = Map.of("THINGCORE_CONFIG", file.toString())::get;
        new CommandLine(server).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();
        assertThat(server.region).isEqualTo("eu-central-1");

        Path other = dir.resolve("other.yaml");
        Files.writeString(other, "region: ap-south-1\n", StandardCharsets.UTF_8);
        ServerCommand flagged = new ServerCommand();
        flagged.environment = Map.of("THINGCORE_CONFIG", file.toString())::get;
        new CommandLine(flagged).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--config", other.toString());
        assertThat(flagged.region).isEqualTo("ap-south-1");
    }

    @Test
    void credentialsComeFromTheFileNamedByTheConfigurationNotFromIt() throws Exception {
        Path credentials = dir.resolve("credentials");
        Files.writeString(
                credentials,
                "[default]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = file-secret\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(
                credentials, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path file = dir.resolve("thingcore.yaml");
        Files.writeString(file, "credentials-file: credentials\ndata-dir: state\n", StandardCharsets.UTF_8);
        ServerCommand server = new ServerCommand();
        new CommandLine(server).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--config", file.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(server.config(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isNull();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("thingcore: credentials file " + credentials + " is accessible to group or others")
                .doesNotContain("file-secret");
    }
}
