package io.thingcore.dic.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.dic.certs.OutputFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code mqtt-explorer/} directory: everything MQTT Explorer's connection dialog asks for, as files, plus a README
 * that maps them to the dialog's fields. Rewritten on every run (its contents derive from the certificates and the
 * target).
 *
 * @param host the endpoint (Host field; also the TLS SNI name)
 * @param port the MQTT over TLS port
 * @param clientId MQTT Explorer's thing name (Client ID field)
 * @param serverCaPem the server CA (Amazon Root CA 1 on AWS)
 * @param amazonRootCa whether {@code serverCaPem} is Amazon Root CA 1
 * @param certificatePem MQTT Explorer's certificate
 * @param keyPem its private key
 */
public record MqttExplorerBundle(
        String host,
        int port,
        String clientId,
        String serverCaPem,
        boolean amazonRootCa,
        String certificatePem,
        String keyPem) {

    public static final String DIRECTORY = "mqtt-explorer";
    public static final String SERVER_CA = "server-ca.pem";
    public static final String CERTIFICATE = "explorer.crt";
    public static final String KEY = "explorer.key";
    public static final String SETTINGS = "settings.json";
    public static final String README = "README.md";
    /**
     * The state topics of every DIC app and the remote user's command topic (guide step 7): lighting and on/off plug
     * {@code light/state}, lock {@code lock/state} (connectedhomeip {@code examples/lighting-app/silabs/src/
     * ZclCallbacks.cpp} @0307ee96, {@code examples/lock-app/silabs/src/ZclCallbacks.cpp} @0f342e01), thermostat
     * {@code LocalTemperature/Temp}, {@code OccupiedCoolingSetpoint/coolingTemp}, {@code OccupiedHeatingSetpoint/
     * heatingTemp}, {@code thermostat/systemMode} and {@code thermostat/currentTemp} (SiliconLabs/matter_extension
     * {@code src/dic_control.cpp} @644bd469), window covering {@code lift/position set} and {@code tilt/position set}
     * (connectedhomeip {@code examples/window-app/silabs/src/WindowManager.cpp} @02ebc69a).
     */
    public static final List<String> TOPICS = List.of(
            "light/#",
            "lock/#",
            "LocalTemperature/#",
            "OccupiedCoolingSetpoint/#",
            "OccupiedHeatingSetpoint/#",
            "thermostat/#",
            "lift/#",
            "tilt/#",
            "command");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the bundle into {@code outDir/mqtt-explorer} and returns that directory. */
    public Path write(Path outDir) {
        Path dir = outDir.resolve(DIRECTORY);
        OutputFiles.writePublic(dir.resolve(SERVER_CA), serverCaPem, true);
        OutputFiles.writePublic(dir.resolve(CERTIFICATE), certificatePem, true);
        OutputFiles.writeSecret(dir.resolve(KEY), keyPem, true);
        OutputFiles.writePublic(dir.resolve(SETTINGS), settingsJson(), true);
        OutputFiles.writePublic(dir.resolve(README), readme(), true);
        return dir;
    }

    /**
     * What MQTT Explorer's connection form is set to: its protocol menu offers only {@code mqtt://} and {@code ws://},
     * and its "Encryption (tls)" switch turns {@code mqtt:} into {@code mqtts:} when it connects (MQTT-Explorer
     * {@code app/src/components/ConnectionSetup/ConnectionSettings.tsx} and {@code backend/src/DataSource/
     * MqttSource.ts}, {@code connect}, at commit c8c12724).
     */
    public static final String PROTOCOL_SETTING = "protocol `mqtt://` with \"Encryption (tls)\" on";

    /**
     * The connection settings as JSON, for scripts and other MQTT clients: MQTT Explorer's own field names for the
     * protocol and the TLS switch ({@code app/src/model/ConnectionOptions.ts}), and the URL it connects to.
     */
    public String settingsJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", clientId + " @ " + host);
        root.put("protocol", "mqtt");
        root.put("encryption", true);
        root.put("url", "mqtts://" + host + ":" + port);
        root.put("host", host);
        root.put("port", port);
        root.put("clientId", clientId);
        root.put("username", (String) null);
        root.put("password", (String) null);
        root.put("validateCertificate", true);
        root.put("serverCa", SERVER_CA);
        root.put("clientCertificate", CERTIFICATE);
        root.put("clientKey", KEY);
        root.put("sni", host);
        ArrayNode topics = root.putArray("topics");
        TOPICS.forEach(topics::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The README: which file or value goes into which field of MQTT Explorer's connection dialog. */
    public String readme() {
        String ca = amazonRootCa ? "Amazon Root CA 1, the CA of AWS IoT's ATS endpoints" : "the gateway's server CA";
        return "# MQTT Explorer: connecting as " + clientId + "\n\n"
                + "Generated by `thingcore dic provision`. In MQTT Explorer, add a connection with "
                + PROTOCOL_SETTING + ":\n\n"
                + "| Field | Value |\n"
                + "|---|---|\n"
                + "| Protocol | `mqtt://` (the menu offers only `mqtt://` and `ws://`) |\n"
                + "| Host | `" + host + "` |\n"
                + "| Port | `" + port + "` |\n"
                + "| Encryption (tls) | on (MQTT Explorer then connects to `mqtts://" + host + ":" + port + "`) |\n"
                + "| Validate certificate | on |\n"
                + "| Username / Password | empty (the certificate is the credential) |\n\n"
                + "Then ADVANCED:\n\n"
                + "| Field | Value |\n"
                + "|---|---|\n"
                + "| MQTT Client ID | `" + clientId + "` (the thing name; it must differ from the device's) |\n"
                + "| Topics | add "
                + String.join(", ", TOPICS.stream().map(t -> "`" + t + "`").toList())
                + " (QoS 0) |\n\n"
                + "and CERTIFICATES:\n\n"
                + "| Field | File |\n"
                + "|---|---|\n"
                + "| Server Certificate (CA) | `" + SERVER_CA + "` (" + ca + ") |\n"
                + "| Client Certificate | `" + CERTIFICATE + "` |\n"
                + "| Client Key | `" + KEY + "` |\n\n"
                + "Connect, then publish a command to topic `command` and watch the state topics above. The"
                + " firmware's commands (case matters, at most 29 bytes): `on`, `off`, `toggle` (lighting, on/off"
                + " plug), `lock`, `unlock` (lock), `SetMode/<n>`, `Heating/<n>`, `Cooling/<n>` in 0.01 °C"
                + " (thermostat), `Lift/<n>`, `Tilt/<n>` in 0.01 % (window covering), `ota` (firmware update).\n"
                + "`" + SETTINGS + "` holds the same values for scripts. `" + KEY + "` is a private key: keep it"
                + " private.\n";
    }
}
