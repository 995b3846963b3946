package io.thingcore.dic.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.dic.DicException;
import io.thingcore.dic.provision.ProvisionOptions;
import io.thingcore.dic.provision.Provisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How the device or MQTT Explorer connects, read back from what {@code thingcore dic provision --out DIR} wrote:
 * {@code provision.json} (endpoint, thing names), the certificates and keys ({@code device.*}, {@code explorer.*})
 * and {@code mqtt-explorer/server-ca.pem}. Files are looked up in {@code DIR} first, so a moved directory still works.
 *
 * @param host the endpoint host, also the TLS SNI name
 * @param port the MQTT over TLS port
 * @param clientId the thing name
 * @param certificate the client certificate file
 * @param key its private key file
 * @param serverCa the server CA file
 */
public record ProvisionedClient(String host, int port, String clientId, Path certificate, Path key, Path serverCa) {

    /** Which of the two provisioned clients. */
    public enum Role {
        DEVICE("device", ProvisionOptions.DEVICE_FILES),
        EXPLORER("explorer", ProvisionOptions.EXPLORER_FILES);

        private final String member;
        private final String files;

        Role(String member, String files) {
            this.member = member;
            this.files = files;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code role}'s connection from {@code dicOut}; a {@link DicException} says what is missing. */
    public static ProvisionedClient read(Path dicOut, Role role) {
        Path file = dicOut.resolve(Provisioner.PROVISION_JSON);
        if (!Files.isRegularFile(file)) {
            throw new DicException("no " + Provisioner.PROVISION_JSON + " in " + dicOut + ": run `thingcore dic"
                    + " provision --out " + dicOut + "` first");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DicException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode endpoint = root.path("endpoint");
        JsonNode client = root.path(role.member);
        String host = endpoint.path("host").asText("");
        int port = endpoint.path("port").asInt(0);
        String clientId = client.path("thingName").asText("");
        if (host.isEmpty() || port == 0 || clientId.isEmpty()) {
            throw new DicException(file + " has no endpoint host/port or " + role.member + " thing name: re-run"
                    + " `thingcore dic provision --out " + dicOut + "`");
        }
        Path certificate = existing(
                dicOut.resolve(role.files + ".crt"),
                client.path("certificateFile").asText(null),
                role.label() + " certificate");
        Path key = existing(
                dicOut.resolve(role.files + ".key"), client.path("keyFile").asText(null), role.label() + " key");
        Path serverCa = existing(
                dicOut.resolve(MqttExplorerBundle.DIRECTORY).resolve(MqttExplorerBundle.SERVER_CA), null, "server CA");
        return new ProvisionedClient(host, port, clientId, certificate, key, serverCa);
    }

    private static Path existing(Path preferred, @Nullable String recorded, String what) {
        if (Files.isRegularFile(preferred)) {
            return preferred;
        }
        if (recorded != null && Files.isRegularFile(Path.of(recorded))) {
            return Path.of(recorded);
        }
        throw new DicException("the " + what + " " + preferred + " is missing: re-run `thingcore dic provision`");
    }
}
