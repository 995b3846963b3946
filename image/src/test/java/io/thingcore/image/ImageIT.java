package io.thingcore.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as a container runtime runs it: the OCI tar's layers unpacked in order into a root directory, and the
 * image's own entry point started with that directory as its root, as the image's user, with nothing from the build
 * machine but the kernel. What a container runtime adds is added here: {@code /proc} (the dynamic loader resolves
 * the runtime's {@code $ORIGIN} library path through {@code /proc/self/exe}), mounted in a mount namespace of the
 * process's own by {@code unshare}, and the device nodes {@code /dev/null}, {@code /dev/random} and
 * {@code /dev/urandom}.
 */
class ImageIT {
    private static final Path IMAGE_TAR = Path.of("target", "thingcore-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void theEntryPointStartsTheGatewayFromTheImageAloneAndItsHealthAnswers() throws Exception {
        ExternalTools.require(
                System.getProperty("user.name").equals("root")
                        && ExternalTools.onPath("unshare").isPresent()
                        && ExternalTools.onPath("mknod").isPresent(),
                "root with unshare and mknod (to run the image's root file system as a container runtime would)");
        Path layout = Files.createDirectories(temp.resolve("oci"));
        run("tar", "-xf", IMAGE_TAR.toAbsolutePath().toString(), "-C", layout.toString());
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = blob(layout, index.at("/manifests/0/digest").asText());
        JsonNode config = blob(layout, manifest.at("/config/digest").asText()).get("config");

        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(fieldNames(config.get("ExposedPorts")))
                .containsExactlyInAnyOrder("8883/tcp", "4566/tcp", "8443/tcp");
        assertThat(fieldNames(config.get("Volumes"))).containsExactly("/var/lib/thingcore");

        Path root = Files.createDirectories(temp.resolve("root"));
        for (JsonNode layer : manifest.get("layers")) {
            run("tar", "-xzf", blobFile(layout, layer.get("digest").asText()).toString(), "-C", root.toString());
        }
        Files.createDirectories(root.resolve("dev"));
        run("mknod", "-m", "666", root.resolve("dev/null").toString(), "c", "1", "3");
        run("mknod", "-m", "666", root.resolve("dev/random").toString(), "c", "1", "8");
        run("mknod", "-m", "666", root.resolve("dev/urandom").toString(), "c", "1", "9");

        // The API and MQTT ports are picked by the gateway (0); the health port must be known beforehand, so it is
        // a free port picked here, which another process of a parallel build may take first: then the gateway says
        // so in one line and exits, and the start is tried again on another port.
        Files.createDirectories(root.resolve("proc"));
        String[] user = config.get("User").asText().split(":");
        for (int attempt = 1; ; attempt++) {
            int opsPort = freePort();
            Process gateway = start(root, config, user, opsPort);
            try {
                HttpResponse<String> health = awaitHealth(gateway, opsPort);
                assertThat(health.statusCode()).as(log()).isEqualTo(200);
                assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");
                assertThat(root.resolve("var/lib/thingcore/registry.db")).exists();
                break;
            } catch (AssertionError e) {
                if (attempt < 3 && !gateway.isAlive() && log().contains("already in use")) {
                    continue;
                }
                throw e;
            } finally {
                gateway.destroy(); // SIGTERM: the gateway drains and ends
                if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
        }
        assertThat(log()).contains("stopped, 0 clients disconnected");
    }

    /** The image's entry point as a container runtime would run it, with {@code opsPort} for its health port. */
    private Process start(Path root, JsonNode config, String[] user, int opsPort) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("unshare", "--mount-proc", "--root=" + root, "--setuid=" + user[0], "--setgid=" + user[1]));
        // The entry point as the image states it, with a free port in place of the one a container would map.
        for (JsonNode argument : config.get("Entrypoint")) {
            String value = argument.asText();
            command.add(value.equals("0.0.0.0:8443") ? "127.0.0.1:" + opsPort : value);
        }
        command.addAll(List.of("--api-port", "0", "--mqtt-port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("gateway.log").toFile());
        builder.environment().clear();
        for (JsonNode variable : config.get("Env")) {
            String[] pair = variable.asText().split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        return builder.start();
    }

    private HttpResponse<String> awaitHealth(Process gateway, int opsPort) throws Exception {
        URI health = URI.create("http://127.0.0.1:" + opsPort + "/_thingcore/health");
        long deadline = System.nanoTime() + READY_BOUND.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (true) {
                try {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(health)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                        return response;
                    }
                } catch (IOException notListeningYet) {
                    if (!gateway.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError("the image's gateway never answered " + health + ":\n" + log());
                    }
                }
                gateway.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("gateway.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static JsonNode blob(Path layout, String digest) throws IOException {
        return JSON.readTree(blobFile(layout, digest).toFile());
    }

    private static Path blobFile(Path layout, String digest) {
        String[] algorithmAndHex = digest.split(":", 2);
        return layout.resolve("blobs").resolve(algorithmAndHex[0]).resolve(algorithmAndHex[1]);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
