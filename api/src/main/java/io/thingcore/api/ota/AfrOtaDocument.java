package io.thingcore.api.ota;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.Json;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The job document of an OTA update, {@code {"afr_ota": {...}}}, exactly as the AWS IoT OTA library parses it
 * (aws/ota-for-aws-iot-embedded-sdk, {@code source/ota.c}, table {@code otaJobDocModelParamStructure}, and the key
 * names of {@code source/include/ota_private.h}): {@code afr_ota.protocols} (required, an array the agent copies as
 * text and searches for {@code "MQTT"}), {@code afr_ota.streamname} (the stream of MQTT-based file delivery),
 * {@code afr_ota.files} (required, an array), and per file {@code filepath}, {@code filesize} and {@code fileid}
 * (required), {@code certfile}, {@code fileType}, {@code attr} and the signature.
 *
 * <p>Types matter to that parser: {@code filesize}, {@code fileid}, {@code fileType} and {@code attr} are read with
 * {@code strtoul} over the value's raw text, which must end where the value ends, so they are JSON numbers, never
 * strings; the signature is base64 that must decode into at most 384 bytes ({@code kOTA_MaxSignatureSize}).
 *
 * <p>The signature's key is {@code sig-<hash>-<algorithm>} in lower case, {@code sig-sha256-ecdsa} for the ECDSA
 * P-256 signatures thingcore makes and checks: the key the OTA library's platform layer names
 * ({@code OTA_JsonFileSignatureKey}; the Linux layer of the embedded C SDK, {@code ota_pal_posix.c}, sets
 * {@code "sig-sha256-ecdsa"}) and the one CreateOTAUpdate writes from a custom code signing's {@code hashAlgorithm}
 * and {@code signatureAlgorithm} (AWS IoT developer guide, "Create an OTA update (AWS CLI)").
 */
public final class AfrOtaDocument {
    /** {@code kOTA_MaxSignatureSize} in {@code ota_private.h}: the largest signature the agent accepts, in bytes. */
    public static final int MAX_SIGNATURE_BYTES = 384;

    /** {@code Protocols} of the {@code iot} model; the agent's own names in the document. */
    public enum Protocol {
        MQTT,
        HTTP
    }

    /**
     * One file of the document.
     *
     * @param filepath where the device stores it ({@code OTAUpdateFile.fileName})
     * @param filesize its size in bytes; the agent stores it as {@code uint32_t}
     * @param fileid its file ID in the stream (0 to 255)
     * @param certfile the code-signing certificate's path on the device, or null
     * @param fileType {@code OTAUpdateFile.fileType} (0 to 255), or null
     * @param signatureKey {@code sig-sha256-ecdsa} or another {@code sig-<hash>-<algorithm>}, or null when unsigned
     * @param signatureBase64 the signature, base64, or null when unsigned
     */
    public record File(
            String filepath,
            long filesize,
            int fileid,
            @Nullable String certfile,
            @Nullable Integer fileType,
            @Nullable String signatureKey,
            @Nullable String signatureBase64) {
        private static final Pattern SIGNATURE_KEY = Pattern.compile("sig-[a-z0-9]+-[a-z0-9]+");

        public File {
            Objects.requireNonNull(filepath, "filepath");
            if (filesize < 0 || filesize > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("filesize must fit the agent's uint32_t, got " + filesize);
            }
            if (fileid < 0 || fileid > 255) {
                throw new IllegalArgumentException("fileid must be 0 to 255, got " + fileid);
            }
            if (fileType != null && (fileType < 0 || fileType > 255)) {
                throw new IllegalArgumentException("fileType must be 0 to 255, got " + fileType);
            }
            if ((signatureKey == null) != (signatureBase64 == null)) {
                throw new IllegalArgumentException("a signature needs both its key and its value");
            }
            if (signatureKey != null && !SIGNATURE_KEY.matcher(signatureKey).matches()) {
                throw new IllegalArgumentException(
                        "signature key must look like sig-sha256-ecdsa, got " + signatureKey);
            }
        }

        /** {@code sig-<hashAlgorithm>-<signatureAlgorithm>} in lower case, e.g. {@code SHA256} and {@code ECDSA}. */
        public static String signatureKey(String hashAlgorithm, String signatureAlgorithm) {
            return "sig-" + hashAlgorithm.toLowerCase(Locale.ROOT) + "-" + signatureAlgorithm.toLowerCase(Locale.ROOT);
        }
    }

    private AfrOtaDocument() {}

    /**
     * The document for files delivered over MQTT from {@code streamName}.
     *
     * @throws IllegalArgumentException for no protocol or no file
     */
    public static ObjectNode of(List<Protocol> protocols, String streamName, List<File> files) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("an OTA update needs at least one protocol");
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("an OTA update needs at least one file");
        }
        ObjectNode afrOta = Json.object();
        ArrayNode protocolNames = afrOta.putArray("protocols");
        protocols.forEach(protocol -> protocolNames.add(protocol.name()));
        afrOta.put("streamname", streamName);
        ArrayNode fileNodes = afrOta.putArray("files");
        for (File file : files) {
            ObjectNode node = fileNodes.addObject();
            node.put("filepath", file.filepath());
            node.put("filesize", file.filesize());
            node.put("fileid", file.fileid());
            Json.put(node, "certfile", file.certfile());
            if (file.fileType() != null) {
                node.put("fileType", file.fileType().intValue());
            }
            if (file.signatureKey() != null) {
                node.put(file.signatureKey(), file.signatureBase64());
            }
        }
        ObjectNode document = Json.object();
        document.set("afr_ota", afrOta);
        return document;
    }
}
