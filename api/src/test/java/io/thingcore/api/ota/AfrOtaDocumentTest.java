package io.thingcore.api.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.ota.AfrOtaDocument.File;
import io.thingcore.api.ota.AfrOtaDocument.Protocol;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.signing.CodeSignature;
import io.thingcore.pki.signing.CodeSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code afr_ota} document read back the way the AWS IoT OTA library reads a job execution
 * (aws/ota-for-aws-iot-embedded-sdk at f9760892, {@code source/ota.c}: {@code otaJobDocModelParamStructure},
 * {@code extractParameter}, {@code decodeAndStoreKey}; key names from {@code source/include/ota_private.h}).
 */
class AfrOtaDocumentTest {
    static final String SIGNATURE_KEY = "sig-sha256-ecdsa";

    @TempDir
    Path dir;

    /** The parameter types of {@code ModelParamType_t} the job model uses. */
    enum Type {
        STRING_IN_DOC,
        UINT32,
        OBJECT,
        STRING_COPY,
        ARRAY_COPY,
        ARRAY,
        SIG_BASE64,
        IDENT
    }

    record Param(String key, boolean required, Type type) {}

    /** {@code otaJobDocModelParamStructure}, in its order, with {@code OTA_JsonFileSignatureKey} of the Linux layer. */
    static final List<Param> MODEL = List.of(
            new Param("clientToken", false, Type.STRING_IN_DOC),
            new Param("timestamp", false, Type.UINT32),
            new Param("execution", true, Type.OBJECT),
            new Param("execution.jobId", true, Type.STRING_COPY),
            new Param("execution.statusDetails", false, Type.OBJECT),
            new Param("execution.statusDetails.self_test", false, Type.IDENT),
            new Param("execution.statusDetails.updatedBy", false, Type.UINT32),
            new Param("execution.jobDocument", true, Type.OBJECT),
            new Param("execution.jobDocument.afr_ota", true, Type.OBJECT),
            new Param("execution.jobDocument.afr_ota.streamname", false, Type.STRING_COPY),
            new Param("execution.jobDocument.afr_ota.protocols", true, Type.ARRAY_COPY),
            new Param("execution.jobDocument.afr_ota.files", true, Type.ARRAY));

    /** The file group's members (OTA_STORE_NESTED_JSON: searched inside each element of {@code files}). */
    static final List<Param> FILE_MODEL = List.of(
            new Param("filepath", false, Type.STRING_COPY),
            new Param("filesize", true, Type.UINT32),
            new Param("fileid", true, Type.UINT32),
            new Param("certfile", false, Type.STRING_COPY),
            new Param("update_data_url", false, Type.STRING_COPY),
            new Param("auth_scheme", false, Type.STRING_COPY),
            new Param(SIGNATURE_KEY, false, Type.SIG_BASE64),
            new Param("attr", false, Type.UINT32),
            new Param("fileType", false, Type.UINT32));

    /** What the agent extracts, or the first parse error it reports. */
    static Map<String, Object> parseLikeOtaC(String jobExecutionJson) throws Exception {
        JsonNode root = new ObjectMapper().readTree(jobExecutionJson);
        Map<String, Object> extracted = new HashMap<>();
        for (Param param : MODEL) {
            JsonNode value = root;
            for (String level : param.key().split("\\.")) {
                value = value == null ? null : value.get(level);
            }
            extract(param, value, "", extracted);
        }
        JsonNode files = root.at("/execution/jobDocument/afr_ota/files");
        for (int i = 0; i < files.size(); i++) {
            for (Param param : FILE_MODEL) {
                extract(param, files.get(i).get(param.key()), "files[" + i + "].", extracted);
            }
        }
        return extracted;
    }

    private static void extract(Param param, JsonNode value, String prefix, Map<String, Object> out) {
        String key = prefix + param.key();
        if (value == null) {
            if (param.required()) {
                throw new AssertionError("DocParseErrMalformedDoc: required parameter " + key + " is missing");
            }
            return;
        }
        switch (param.type()) {
            // strtoul(value, &end, 0) must consume exactly the value's raw text: a quoted number fails.
            case UINT32 -> {
                if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 0xFFFF_FFFFL) {
                    throw new AssertionError("DocParseErrInvalidNumChar: " + key + " = " + value);
                }
                out.put(key, value.asLong());
            }
            case STRING_COPY, STRING_IN_DOC -> {
                if (!value.isTextual()) {
                    throw new AssertionError("DocParseErrFieldTypeMismatch: " + key + " = " + value);
                }
                out.put(key, value.textValue());
            }
            case ARRAY_COPY, ARRAY -> {
                if (!value.isArray()) {
                    throw new AssertionError("DocParseErrFieldTypeMismatch: " + key + " = " + value);
                }
                out.put(key, value.toString());
            }
            case OBJECT -> {
                if (!value.isObject()) {
                    throw new AssertionError("DocParseErrFieldTypeMismatch: " + key + " = " + value);
                }
            }
            case SIG_BASE64 -> {
                byte[] signature = Base64.getDecoder().decode(value.textValue());
                if (signature.length > AfrOtaDocument.MAX_SIGNATURE_BYTES) {
                    throw new AssertionError("DocParseErrBase64Decode: " + key + " longer than kOTA_MaxSignatureSize");
                }
                out.put(key, signature);
            }
            case IDENT -> out.put(key, Boolean.TRUE);
        }
    }

    /** The execution as {@code $aws/things/<thing>/jobs/$next/get/accepted} carries it ("Jobs device MQTT API"). */
    static String execution(String jobId, ObjectNode document) {
        return "{\"clientToken\":\"ota\",\"timestamp\":1764669600,\"execution\":{\"jobId\":\"" + jobId + "\","
                + "\"status\":\"QUEUED\",\"queuedAt\":1764669600,\"versionNumber\":1,\"executionNumber\":1,"
                + "\"jobDocument\":" + document + "}}";
    }

    @Test
    void aSignedMqttUpdate_parsesAsTheOtaLibraryReadsIt_andItsSignatureVerifies() throws Exception {
        byte[] bytes = new byte[1024 * 1024];
        new Random(12).nextBytes(bytes);
        Path image = Files.write(dir.resolve("app.gbl"), bytes);
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        CodeSignature signature = CodeSigner.sign(image, keys.getPrivate());

        ObjectNode document = AfrOtaDocument.of(
                List.of(Protocol.MQTT),
                "AFR_OTA-stream-1",
                List.of(new File(
                        "/ota/app.gbl",
                        signature.size(),
                        0,
                        "codesign.crt",
                        0,
                        File.signatureKey("SHA256", "ECDSA"),
                        signature.signatureBase64())));
        Map<String, Object> parsed = parseLikeOtaC(execution("AFR_OTA-update-1", document));

        assertThat(parsed)
                .containsEntry("execution.jobId", "AFR_OTA-update-1")
                .containsEntry("execution.jobDocument.afr_ota.streamname", "AFR_OTA-stream-1")
                .containsEntry("execution.jobDocument.afr_ota.protocols", "[\"MQTT\"]")
                .containsEntry("files[0].filepath", "/ota/app.gbl")
                .containsEntry("files[0].filesize", (long) bytes.length)
                .containsEntry("files[0].fileid", 0L)
                .containsEntry("files[0].certfile", "codesign.crt")
                .containsEntry("files[0].fileType", 0L);
        byte[] decoded = (byte[]) parsed.get("files[0]." + SIGNATURE_KEY);
        var certificate = CertificateAuthority.selfSigned(
                        keys,
                        "CN=code signer",
                        Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(365)))
                .certificate();
        assertThat(CodeSigner.verify(image, decoded, certificate)).isTrue();
        // The agent searches the copied protocols text for the quoted name (ota.c, setting the data interface).
        assertThat((String) parsed.get("execution.jobDocument.afr_ota.protocols"))
                .contains("\"MQTT\"");
    }

    @Test
    void numbersAreJsonNumbers_soStrtoulConsumesThemWhole() throws Exception {
        ObjectNode document = AfrOtaDocument.of(
                List.of(Protocol.MQTT), "s", List.of(new File("f", 4_000_000_000L, 255, null, 255, null, null)));
        JsonNode file = document.at("/afr_ota/files/0");
        assertThat(file.get("filesize").isIntegralNumber()).isTrue();
        assertThat(file.get("fileid").isIntegralNumber()).isTrue();
        assertThat(file.get("fileType").isIntegralNumber()).isTrue();
        assertThat(parseLikeOtaC(execution("j", document))).containsEntry("files[0].filesize", 4_000_000_000L);
        // An unsigned file has no signature member and no certfile (both optional for the agent's parser).
        assertThat(file.has(SIGNATURE_KEY)).isFalse();
        assertThat(file.has("certfile")).isFalse();

        // A quoted number is what the agent refuses; the parser above refuses it the same way.
        ((ObjectNode) file).put("filesize", "1024");
        assertThatThrownBy(() -> parseLikeOtaC(execution("j", document)))
                .hasMessageContaining("DocParseErrInvalidNumChar");
    }

    @Test
    void refusesWhatTheAgentCouldNotStore() {
        assertThatThrownBy(() -> new File("f", 0x1_0000_0000L, 0, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new File("f", 1, 256, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new File("f", 1, 0, null, null, "sig-sha256-ecdsa", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> AfrOtaDocument.of(List.of(), "s", List.of(new File("f", 1, 0, null, null, null, null))))
                .isInstanceOf(IllegalArgumentException.class);
        List<File> none = new ArrayList<>();
        assertThatThrownBy(() -> AfrOtaDocument.of(List.of(Protocol.MQTT), "s", none))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
