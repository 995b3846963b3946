package io.thingcore.dic.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.dic.DicException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The policies the workflow offers and how it tells whether an existing policy is the same. */
public final class PolicyDocuments {
    /** The guide's {@code DIC_POLICY}: everything allowed. Fine for a bench, not for a fleet. */
    public static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAST_PRIVILEGE_RESOURCE = "least-privilege-policy.json";

    private PolicyDocuments() {}

    /**
     * A template that lets each client connect only with its own thing's name as client ID (or that name followed by
     * {@code .} and anything, the per-invocation IDs of {@code thingcore mqtt sub|pub}: the certificate's subject CN is
     * the thing's name, and {@code .} never occurs in a thing name, so no such ID is another thing's), and publish,
     * receive and subscribe only under {@code <clientId>/}, the state topics of every DIC app (those of
     * {@link io.thingcore.dic.output.MqttExplorerBundle#TOPICS}), the shared {@code command} topic, and its own
     * thing's reserved jobs and streams topics, which the firmware's OTA agent uses
     * ({@code $aws/things/<thing>/jobs/...}, {@code $aws/things/<thing>/streams/...}: aws/ota-for-aws-iot-embedded-sdk
     * v3.4.0 {@code source/ota_mqtt.c}). Policy variables are never widened by identity values (AWS substitutes them
     * literally).
     */
    public static String leastPrivilege() {
        try (InputStream in = PolicyDocuments.class.getResourceAsStream(LEAST_PRIVILEGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + LEAST_PRIVILEGE_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with a clear message unless {@code document} is a JSON object. */
    public static void requireJsonObject(String document, String source) {
        if (!parse(document, source).isObject()) {
            throw new DicException("the policy document " + source + " is not a JSON object");
        }
    }

    /**
     * Whether two documents mean the same: equal as JSON trees (key order and whitespace do not matter, as they do
     * not to AWS, which also reformats nothing but may return the document pretty-printed).
     */
    public static boolean equivalent(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return a.strip().equals(b.strip());
        }
    }

    private static JsonNode parse(String document, String source) {
        try {
            JsonNode node = JSON.readTree(document);
            if (node == null) {
                throw new DicException("the policy document " + source + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DicException(
                    "the policy document " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
