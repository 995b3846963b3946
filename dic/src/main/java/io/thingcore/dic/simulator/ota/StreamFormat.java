package io.thingcore.dic.simulator.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The payload format of the MQTT stream the agent reads the file from: the last topic level of
 * {@code $aws/things/<thing>/streams/<stream>/get|data/<format>} (AWS IoT Core developer guide, "Using AWS IoT
 * MQTT-based file delivery in devices", GetStream request and response).
 *
 * <p>The OTA library v3.4.0 that the DIC firmware runs speaks CBOR only ({@code ota_mqtt.c}: {@code /get/cbor},
 * {@code /data/cbor}; {@code ota_cbor.c}). {@link #JSON} is the same exchange in the developer guide's JSON form, for
 * devices built on other stacks: the bitmap as a hexadecimal string, the block's {@code p} in Base64, decoded with the
 * standard alphabet and padding as {@code ota_base64.c} decodes Base64.
 */
public enum StreamFormat {
    CBOR("cbor"),
    JSON("json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String topicLevel;

    StreamFormat(String topicLevel) {
        this.topicLevel = topicLevel;
    }

    /** {@code cbor} or {@code json}, the topic's last level. */
    public String topicLevel() {
        return topicLevel;
    }

    /** Parses {@code cbor} or {@code json}, in any case. */
    public static StreamFormat of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cbor" -> CBOR;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("the stream format is cbor or json, not " + name);
        };
    }

    /** One data message: file ID {@code f}, block index {@code i}, block size {@code l}, payload {@code p}. */
    record Block(long fileId, long index, long size, byte[] data) {}

    /**
     * {@code OTA_CBOR_Encode_GetStreamRequestMessage}: client token {@code c}, file ID {@code f}, block size {@code l},
     * block offset {@code o}, bitmap {@code b}, number of blocks {@code n}, in that order.
     */
    byte[] request(String clientToken, int fileId, int blockSize, byte[] bitmap, int blocks) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("c", clientToken);
        request.put("f", fileId);
        request.put("l", blockSize);
        request.put("o", 0);
        request.put("b", this == CBOR ? bitmap : HexFormat.of().formatHex(bitmap));
        request.put("n", blocks);
        if (this == CBOR) {
            return Cbor.encodeMap(request);
        }
        try {
            return MAPPER.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings and numbers is JSON", e);
        }
    }

    /**
     * {@code OTA_CBOR_Decode_GetStreamResponseMessage} or its JSON equivalent.
     *
     * @throws IllegalArgumentException when the message is not a block
     */
    Block block(byte[] payload) {
        if (this == CBOR) {
            Map<String, Object> map = Cbor.decodeMap(payload);
            if (!(map.get("f") instanceof Long fileId)
                    || !(map.get("i") instanceof Long index)
                    || !(map.get("l") instanceof Long size)
                    || !(map.get("p") instanceof byte[] data)) {
                throw new IllegalArgumentException("a block without f, i, l and p");
            }
            return new Block(fileId, index, size, data);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the block is not JSON (" + e.getMessage() + ")", e);
        }
        if (node == null
                || !node.path("f").canConvertToLong()
                || !node.path("i").canConvertToLong()
                || !node.path("l").canConvertToLong()
                || !node.path("p").isTextual()) {
            throw new IllegalArgumentException("a block without f, i, l and p");
        }
        return new Block(
                node.path("f").asLong(),
                node.path("i").asLong(),
                node.path("l").asLong(),
                Base64.getDecoder().decode(node.path("p").asText()));
    }
}
