package io.thingcore.streams.delivery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.V3Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * A device's side of MQTT-based file delivery, written from the AWS OTA library's protocol and nothing of the
 * gateway's: {@code ota-for-aws-iot-embedded-sdk} {@code source/ota_mqtt.c} (topics {@code $aws/things/<thing>/
 * streams/<stream>/get/cbor} and {@code .../data/cbor}, QoS 0, client token {@code "rdy"}, offset 0, the whole file's
 * bitmap and one block per request, {@code requestFileBlock_Mqtt}), {@code source/ota_cbor.c} (the six-entry request
 * map; the reply read with {@code cbor_value_map_find_value} for integers {@code f}, {@code i}, {@code l} and a byte
 * string {@code p}) and {@code source/ota.c} (the bitmap: 1 = block still wanted, bit {@code id % 8} of byte
 * {@code id / 8}; a received block clears its bit). JSON requests as the AWS MQTT file streams library writes them
 * ({@code aws-iot-core-mqtt-file-streams-embedded-c}, {@code source/MQTTFileDownloader.c}:
 * {@code {"s":1,"f":..,"l":..,"o":..,"n":..}}, Base64 payload {@code p}).
 */
final class OtaStreamClient {
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    final V3Client mqtt;
    final String thing;
    final String stream;

    OtaStreamClient(V3Client mqtt, String thing, String stream) {
        this.mqtt = mqtt;
        this.thing = thing;
        this.stream = stream;
    }

    String topic(String operation, String format) {
        return "$aws/things/" + thing + "/streams/" + stream + "/" + operation + "/" + format;
    }

    void subscribe(String format) throws Exception {
        mqtt.client.subscribe(topic("data", format), 0);
        mqtt.client.subscribe(topic("description", format), 0);
        mqtt.client.subscribe(topic("rejected", format), 0);
    }

    void publish(String operation, String format, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(0);
        mqtt.client.publish(topic(operation, format), m);
    }

    /** {@code OTA_CBOR_Encode_GetStreamRequestMessage}: a definite map of six entries, in the library's order. */
    static byte[] cborRequest(String token, int fileId, int blockSize, int offset, byte[] bitmap, int blocks)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(out)) {
            g.writeStartObject(6);
            g.writeStringField("c", token);
            g.writeNumberField("f", fileId);
            g.writeNumberField("l", blockSize);
            g.writeNumberField("o", offset);
            g.writeFieldName("b");
            g.writeBinary(bitmap);
            g.writeNumberField("n", blocks);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * The block of a CBOR data reply as the OTA library reads it: {@code f}, {@code i}, {@code l} must be CBOR
     * integers and {@code p} a byte string, else the library drops the message.
     */
    static Block decodeCbor(byte[] payload) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser p = CBOR.getFactory().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a map");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (t) {
                    case VALUE_NUMBER_INT -> fields.put(name, p.getIntValue());
                    case VALUE_EMBEDDED_OBJECT -> fields.put(name, p.getEmbeddedObject());
                    case VALUE_STRING -> fields.put(name, p.getText());
                    default -> throw new IOException("unexpected CBOR type for " + name + ": " + t);
                }
            }
        }
        if (!(fields.get("f") instanceof Integer f)
                || !(fields.get("i") instanceof Integer i)
                || !(fields.get("l") instanceof Integer l)
                || !(fields.get("p") instanceof byte[] payloadBytes)) {
            throw new IOException("a data block needs integers f, i, l and a byte string p: " + fields.keySet());
        }
        return new Block(f, i, l, payloadBytes, (String) fields.get("c"));
    }

    static Block decodeJson(byte[] payload) throws IOException {
        JsonNode n = JSON.readTree(payload);
        return new Block(
                n.get("f").intValue(),
                n.get("i").intValue(),
                n.get("l").intValue(),
                Base64.getDecoder().decode(n.get("p").textValue()),
                n.hasNonNull("c") ? n.get("c").textValue() : null);
    }

    static JsonNode decode(String format, byte[] payload) throws IOException {
        return (format.equals("cbor") ? CBOR : JSON).readTree(payload);
    }

    /** Downloads {@code size} bytes of file {@code fileId} in CBOR exactly as the OTA agent does: one block a request. */
    byte[] downloadCbor(int fileId, long size, int blockSize) throws Exception {
        int blocks = (int) ((size + blockSize - 1) / blockSize);
        byte[] bitmap = new byte[(blocks + 7) / 8];
        java.util.Arrays.fill(bitmap, (byte) 0xFF);
        int outOfRange = bitmap.length * 8 - blocks;
        int bit = 0x80;
        for (int k = 0; k < outOfRange; k++) {
            bitmap[bitmap.length - 1] &= (byte) ~bit;
            bit >>= 1;
        }
        byte[] file = new byte[(int) size];
        int remaining = blocks;
        while (remaining > 0) {
            publish("get", "cbor", cborRequest("rdy", fileId, blockSize, 0, bitmap, 1));
            Received r = mqtt.poll(5000);
            if (r == null) {
                throw new AssertionError("no reply with " + remaining + " blocks remaining");
            }
            if (!r.topic().equals(topic("data", "cbor"))) {
                throw new AssertionError("unexpected reply on " + r.topic() + ": " + decode("cbor", r.payload()));
            }
            Block b = decodeCbor(r.payload());
            if (b.fileId() != fileId || !"rdy".equals(b.clientToken())) {
                throw new AssertionError("wrong file or token: " + b);
            }
            boolean last = b.blockId() == blocks - 1;
            if (b.length() != b.payload().length || (!last && b.length() != blockSize)) {
                throw new AssertionError("block " + b.blockId() + " has " + b.length() + " bytes");
            }
            int mask = 1 << (b.blockId() % 8);
            if ((bitmap[b.blockId() / 8] & mask) == 0) {
                throw new AssertionError("block " + b.blockId() + " arrived twice");
            }
            System.arraycopy(b.payload(), 0, file, b.blockId() * blockSize, b.length());
            bitmap[b.blockId() / 8] &= (byte) ~mask;
            remaining--;
        }
        return file;
    }

    /** Downloads a file in JSON as the MQTT file streams library does: {@code n} blocks a request from an offset. */
    byte[] downloadJson(int streamVersion, int fileId, long size, int blockSize, int blocksPerRequest)
            throws Exception {
        int blocks = (int) ((size + blockSize - 1) / blockSize);
        byte[] file = new byte[(int) size];
        int next = 0;
        while (next < blocks) {
            String request = "{\"s\": " + streamVersion + ",\"f\": " + fileId + ",\"l\": " + blockSize + ",\"o\": "
                    + next + ",\"n\": " + blocksPerRequest + "}";
            publish("get", "json", request.getBytes(StandardCharsets.UTF_8));
            int expected = Math.min(blocksPerRequest, blocks - next);
            for (int k = 0; k < expected; k++) {
                Received r = mqtt.poll(5000);
                if (r == null || !r.topic().equals(topic("data", "json"))) {
                    throw new AssertionError("expected block " + (next + k) + ", got "
                            + (r == null ? "nothing" : r.topic() + " " + r.text()));
                }
                Block b = decodeJson(r.payload());
                if (b.blockId() != next + k) {
                    throw new AssertionError("expected block " + (next + k) + ", got " + b.blockId());
                }
                System.arraycopy(b.payload(), 0, file, b.blockId() * blockSize, b.length());
            }
            next += expected;
        }
        return file;
    }

    record Block(int fileId, int blockId, int length, byte[] payload, String clientToken) {}
}
