package io.thingcore.dic.provision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every ARN and ID a run created or reused; written as {@code provision.json} for scripts (and printed by
 * {@code --json}).
 */
@JsonPropertyOrder({"target", "endpoint", "ca", "policy", "device", "explorer", "firmware", "warnings"})
public record ProvisionResult(
        TargetInfo target,
        Endpoint endpoint,
        Ca ca,
        Policy policy,
        Client device,
        Client explorer,
        FirmwareFolder firmware,
        @Nullable List<String> warnings) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** Where the run provisioned. */
    public record TargetInfo(
            String kind,
            @Nullable String apiEndpoint,
            @Nullable String region) {}

    /** The MQTT endpoint devices connect to (also the TLS SNI host). */
    public record Endpoint(String host, int port) {}

    @JsonPropertyOrder({"certificateId", "certificateArn", "certificateMode", "status", "action"})
    public record Ca(
            String certificateId,
            String certificateArn,
            String certificateMode,
            String status,
            Action action,
            String certificateFile) {}

    public record Policy(String policyName, String policyArn, Action action) {}

    /**
     * The board's files: the generation, the folder, the host the board dials (may differ from the endpoint's, see
     * {@code --device-host}) and the file names.
     */
    public record FirmwareFolder(String generation, String directory, String deviceHost, List<String> files) {}

    /** A thing and its certificate: the device, or MQTT Explorer. */
    public record Client(
            String thingName,
            String thingArn,
            String thingId,
            Action thingAction,
            @Nullable String certificateId,
            @Nullable String certificateArn,
            @Nullable Action certificateAction,
            @Nullable String certificateFile,
            @Nullable String keyFile) {}

    /** The {@code provision.json} text: pretty-printed, with a trailing newline. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
