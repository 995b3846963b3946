package io.thingcore.server;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What scripts, tests and people need to reach a running gateway, written to {@code DATA_DIR/connection.json} (mode
 * 0600: it holds the secret key) on every start. {@code healthUrl} and {@code metricsUrl} are the unauthenticated
 * operator endpoints (readiness, Prometheus metrics), on the API port or on {@code --metrics-bind}.
 */
@JsonPropertyOrder({
    "region",
    "accountId",
    "apiEndpoint",
    "mqttHost",
    "mqttPort",
    "serverCaFile",
    "accessKeyId",
    "secretAccessKey",
    "healthUrl",
    "metricsUrl"
})
public record ConnectionInfo(
        String region,
        String accountId,
        String apiEndpoint,
        String mqttHost,
        int mqttPort,
        String serverCaFile,
        String accessKeyId,
        String secretAccessKey,
        String healthUrl,
        String metricsUrl) {

    public static final String FILE_NAME = "connection.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void writeTo(Path file) throws IOException {
        SecureFiles.writeOwnerOnly(file, JSON.writeValueAsString(this) + "\n");
    }

    public static ConnectionInfo read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ConnectionInfo.class);
    }

    /** Ready-to-paste shell lines for the AWS CLI. */
    public String shellLines() {
        boolean https = apiEndpoint.startsWith("https:");
        return "export AWS_ACCESS_KEY_ID=" + accessKeyId + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + secretAccessKey + "\n"
                + "export AWS_DEFAULT_REGION=" + region + "\n"
                + (https ? "export AWS_CA_BUNDLE=" + serverCaFile + "\n" : "")
                + "aws --endpoint-url " + apiEndpoint + " iot list-things\n";
    }
}
