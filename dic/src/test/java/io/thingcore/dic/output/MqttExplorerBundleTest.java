package io.thingcore.dic.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttExplorerBundleTest {
    @TempDir
    Path out;

    @Test
    void writesEverythingTheConnectionDialogAsksFor() throws Exception {
        MqttExplorerBundle bundle =
                new MqttExplorerBundle("localhost", 18883, "DIC_EXPLORER", "CA\n", false, "CRT\n", "KEY\n");
        Path dir = bundle.write(out);
        // Written twice: the bundle is derived output, replaced on every run.
        bundle.write(out);

        assertThat(dir).isEqualTo(out.resolve("mqtt-explorer"));
        assertThat(Files.readString(dir.resolve("server-ca.pem"))).isEqualTo("CA\n");
        assertThat(Files.readString(dir.resolve("explorer.crt"))).isEqualTo("CRT\n");
        assertThat(Files.readString(dir.resolve("explorer.key"))).isEqualTo("KEY\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("explorer.key"))))
                .isEqualTo("rw-------");

        JsonNode settings =
                new ObjectMapper().readTree(dir.resolve("settings.json").toFile());
        assertThat(settings.get("host").asText()).isEqualTo("localhost");
        assertThat(settings.get("port").asInt()).isEqualTo(18883);
        assertThat(settings.get("clientId").asText()).isEqualTo("DIC_EXPLORER");
        // Every DIC app's state topic (lighting and plug, lock, thermostat, window covering) and the command topic.
        assertThat(settings.get("topics"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "light/#",
                        "lock/#",
                        "LocalTemperature/#",
                        "OccupiedCoolingSetpoint/#",
                        "OccupiedHeatingSetpoint/#",
                        "thermostat/#",
                        "lift/#",
                        "tilt/#",
                        "command");

        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("| Host | `localhost` |")
                .contains("| Port | `18883` |")
                .contains("`DIC_EXPLORER`")
                .contains("`server-ca.pem` (the gateway's server CA)")
                .contains("`light/#`, `lock/#`, `LocalTemperature/#`")
                .contains("`Lift/<n>`, `Tilt/<n>`");
    }

    @Test
    void onAwsTheReadmeNamesAmazonRootCa1() {
        String readme =
                new MqttExplorerBundle("a-ats.iot.us-east-1.amazonaws.com", 8883, "X", "", true, "", "").readme();
        assertThat(readme).contains("Amazon Root CA 1");
    }
}
