package io.thingcore.dic.simulator.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The MQTT side of the AWS IoT Over-the-air Update library v3.4.0 that the DIC firmware runs when it receives
 * {@code ota} (aws/ota-for-aws-iot-embedded-sdk {@code source/ota_mqtt.c}, {@code source/ota_cbor.c},
 * {@code source/ota.c} @v3.4.0), with the firmware's configuration (SiliconLabs/matter_extension
 * {@code third_party/aws_ota_sdk/.../ota_config.h} @c5101e30: {@code otaconfigLOG2_FILE_BLOCK_SIZE 10},
 * {@code otaconfigMAX_NUM_BLOCKS_REQUEST 1U}, {@code otaconfigOTA_UPDATE_STATUS_FREQUENCY 25}):
 *
 * <ol>
 *   <li>{@code requestJob_Mqtt}: subscribe {@code $aws/things/<thing>/jobs/notify-next} at QoS 1, then publish
 *       {@code {"clientToken":"<n>:<thing>"}} at QoS 1 to {@code $aws/things/<thing>/jobs/$next/get}, {@code n} a
 *       request counter from 0;
 *   <li>a job document (on {@code .../jobs/$next/get/accepted} or {@code .../jobs/notify-next}) with
 *       {@code execution.jobId} and {@code execution.jobDocument.afr_ota} ({@code protocols}, {@code streamname},
 *       {@code files[0].filesize}, {@code fileid}, optional {@code filepath});
 *   <li>{@code initFileTransfer_Mqtt}: subscribe {@code $aws/things/<thing>/streams/<stream>/data/cbor} at QoS 0;
 *   <li>{@code requestFileBlock_Mqtt}: publish a CBOR map {@code c} "rdy", {@code f} file id, {@code l} 1024,
 *       {@code o} 0, {@code b} the bitmap of missing blocks, {@code n} 1 at QoS 0 to
 *       {@code .../streams/<stream>/get/cbor}; each data message ({@code f}, {@code i}, {@code l}, {@code p}) is
 *       written and the next block requested;
 *   <li>{@code updateJobStatus_Mqtt}: while receiving, {@code {"status":"IN_PROGRESS","statusDetails":{"receive":
 *       "<received>/<blocks>"}}} at QoS 0 to {@code $aws/things/<thing>/jobs/<jobId>/update} after the first block and
 *       every 25th.
 * </ol>
 *
 * The agent stops when the file is complete: a board would then verify and install the image and reboot (SiliconLabs
 * {@code pal.c} @c5101e30), which a simulator cannot. Not thread-safe: the device's thread only.
 */
public final class OtaAgent {
    /** {@code OTA_CLIENT_TOKEN}. */
    static final String STREAM_CLIENT_TOKEN = "rdy";
    /** {@code 1 << otaconfigLOG2_FILE_BLOCK_SIZE}. */
    public static final int BLOCK_SIZE = 1024;
    /** {@code otaconfigOTA_UPDATE_STATUS_FREQUENCY}. */
    static final int STATUS_FREQUENCY = 25;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The MQTT operations the agent needs, over the device's one connection. */
    public interface Transport {
        CompletableFuture<?> subscribe(String topic, MqttQoS qos);

        CompletableFuture<?> publish(String topic, byte[] payload, MqttQoS qos);

        void log(String line);
    }

    /** The job the agent is working on. */
    record Job(String jobId, String streamName, long fileSize, int fileId, String filePath) {}

    private final String thing;
    private final Transport transport;
    private final @Nullable Path downloads;
    // ota_mqtt.c: "static uint32_t reqCounter = 0;"
    private int requestCounter;
    private @Nullable Job job;
    private byte @Nullable [] image;
    private byte @Nullable [] missing;
    private int blocks;
    private int received;
    private @Nullable String lastPublishTopic;
    private @Nullable Path written;

    /**
     * @param thing the thing name: {@code CLIENT_IDENTIFIER}, the compile-time client-ID macro (demo_config.h)
     * @param downloads where the finished file goes; {@code null} keeps it in memory
     */
    public OtaAgent(String thing, Transport transport, @Nullable Path downloads) {
        this.thing = thing;
        this.transport = transport;
        this.downloads = downloads;
    }

    String base() {
        return "$aws/things/" + thing;
    }

    /** The topic of the agent's latest publish, to explain a disconnect that follows it. */
    public @Nullable String lastPublishTopic() {
        return lastPublishTopic;
    }

    /** Where the finished file was written, once it is. */
    public @Nullable Path written() {
        return written;
    }

    /** {@code requestJob_Mqtt}. */
    public void requestJob() {
        String notifyNext = base() + "/jobs/notify-next";
        transport.log("OTA agent: subscribing to " + notifyNext + " (QoS 1)");
        transport.subscribe(notifyNext, MqttQoS.AT_LEAST_ONCE).thenRun(() -> {
            String payload = "{\"clientToken\":\"" + Integer.toUnsignedString(requestCounter++) + ":" + thing + "\"}";
            publish(base() + "/jobs/$next/get", payload.getBytes(StandardCharsets.UTF_8), MqttQoS.AT_LEAST_ONCE);
        });
    }

    private void publish(String topic, byte[] payload, MqttQoS qos) {
        lastPublishTopic = topic;
        transport.log("OTA agent: publishing to " + topic + " (QoS " + qos.value() + ")");
        transport.publish(topic, payload, qos);
    }

    /** Every incoming PUBLISH once the agent owns the connection's callback. */
    public void onMessage(String topic, byte[] payload) {
        if (topic.equals(base() + "/jobs/$next/get/accepted") || topic.equals(base() + "/jobs/notify-next")) {
            onJobDocument(payload);
        } else if (job != null && topic.equals(dataTopic())) {
            onBlock(payload);
        } else {
            transport.log("OTA agent: ignored a message on " + topic);
        }
    }

    private String dataTopic() {
        return base() + "/streams/" + underWay().streamName() + "/data/cbor";
    }

    /** The job being downloaded: blocks are asked for and taken only once its document has been accepted. */
    private Job underWay() {
        if (job == null) {
            throw new IllegalStateException("no OTA job is under way");
        }
        return job;
    }

    /** The bitmap of blocks still missing, made with {@link #job}. */
    private byte[] missingBlocks() {
        if (missing == null) {
            throw new IllegalStateException("no OTA job is under way");
        }
        return missing;
    }

    private void onJobDocument(byte[] payload) {
        Job parsed;
        try {
            parsed = parseJob(payload);
        } catch (IllegalArgumentException e) {
            transport.log("OTA agent: " + e.getMessage());
            return;
        }
        if (parsed == null) {
            transport.log("OTA agent: no pending job");
            return;
        }
        if (job != null) {
            transport.log("OTA agent: already working on job " + job.jobId() + "; " + parsed.jobId() + " ignored");
            return;
        }
        job = parsed;
        blocks = (int) ((job.fileSize() + BLOCK_SIZE - 1) / BLOCK_SIZE);
        image = new byte[(int) job.fileSize()];
        missing = initialBitmap(blocks);
        transport.log("OTA agent: job " + job.jobId() + ": file " + job.fileId() + " of " + job.fileSize()
                + " bytes in " + blocks + " blocks from stream " + job.streamName());
        transport.log("OTA agent: subscribing to " + dataTopic() + " (QoS 0)");
        transport.subscribe(dataTopic(), MqttQoS.AT_MOST_ONCE).thenRun(this::requestBlock);
    }

    /**
     * Parses a Jobs message; {@code null} when it holds no execution (no job). The required keys are those of
     * {@code otaJobDocModelParamStructure} (ota.c v3.4.0 :597-617).
     */
    static @Nullable Job parseJob(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("the job message is not JSON (" + e.getMessage() + ")", e);
        }
        JsonNode execution = root.path("execution");
        if (execution.isMissingNode() || execution.isNull()) {
            return null;
        }
        JsonNode ota = execution.path("jobDocument").path("afr_ota");
        String jobId = execution.path("jobId").asText(null);
        JsonNode file = ota.path("files").path(0);
        if (jobId == null
                || !ota.path("protocols").isArray()
                || !file.path("filesize").canConvertToLong()
                || !file.path("fileid").canConvertToInt()) {
            throw new IllegalArgumentException(
                    "the job document lacks execution.jobId or afr_ota protocols, files," + " filesize or fileid");
        }
        boolean mqtt = false;
        for (JsonNode protocol : ota.path("protocols")) {
            mqtt |= "MQTT".equals(protocol.asText());
        }
        if (!mqtt) {
            throw new IllegalArgumentException(
                    "the job offers no MQTT data protocol (the firmware enables only" + " OTA_DATA_OVER_MQTT)");
        }
        long size = file.path("filesize").asLong();
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("file size " + size + " is out of range");
        }
        return new Job(
                jobId,
                ota.path("streamname").asText(""),
                size,
                file.path("fileid").asInt(),
                file.path("filepath").asText(null));
    }

    /** All blocks missing: bits set from block 0 upward, the rest of the last byte clear (ota.c, bitmap init). */
    static byte[] initialBitmap(int blocks) {
        byte[] bitmap = new byte[(blocks + 7) / 8];
        Arrays.fill(bitmap, (byte) 0xFF);
        if (blocks % 8 != 0) {
            bitmap[bitmap.length - 1] = (byte) ((1 << (blocks % 8)) - 1);
        }
        return bitmap;
    }

    /** {@code OTA_CBOR_Encode_GetStreamRequestMessage}, keys in its order. */
    static byte[] streamRequest(int fileId, byte[] bitmap) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("c", STREAM_CLIENT_TOKEN);
        request.put("f", fileId);
        request.put("l", BLOCK_SIZE);
        request.put("o", 0);
        request.put("b", bitmap);
        request.put("n", 1);
        return Cbor.encodeMap(request);
    }

    private void requestBlock() {
        publish(
                base() + "/streams/" + underWay().streamName() + "/get/cbor",
                streamRequest(underWay().fileId(), missingBlocks()),
                MqttQoS.AT_MOST_ONCE);
    }

    private void onBlock(byte[] payload) {
        Map<String, Object> block;
        try {
            block = Cbor.decodeMap(payload);
        } catch (IllegalArgumentException e) {
            transport.log("OTA agent: undecodable block (" + e.getMessage() + ")");
            return;
        }
        if (!(block.get("f") instanceof Long fileId)
                || !(block.get("i") instanceof Long index)
                || !(block.get("l") instanceof Long size)
                || !(block.get("p") instanceof byte[] data)) {
            transport.log("OTA agent: a block without f, i, l and p");
            return;
        }
        Job current = underWay();
        byte[] missing = missingBlocks();
        long lastBlock = blocks - 1L;
        boolean sizeOk = (index < lastBlock && size == BLOCK_SIZE)
                || (index == lastBlock && size == current.fileSize() - lastBlock * BLOCK_SIZE);
        if (fileId != current.fileId() || index < 0 || index > lastBlock || !sizeOk || data.length != size) {
            transport.log("OTA agent: block " + index + " of file " + fileId + " (" + size + " bytes) rejected");
            return;
        }
        int i = index.intValue();
        if ((missing[i / 8] & (1 << (i % 8))) == 0) {
            transport.log("OTA agent: block " + i + " again, ignored");
            return;
        }
        System.arraycopy(data, 0, image, i * BLOCK_SIZE, data.length);
        missing[i / 8] &= (byte) ~(1 << (i % 8));
        received++;
        if (received == 1 || received % STATUS_FREQUENCY == 0) {
            String status =
                    "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"" + received + "/" + blocks + "\"}}";
            publish(
                    base() + "/jobs/" + current.jobId() + "/update",
                    status.getBytes(StandardCharsets.UTF_8),
                    MqttQoS.AT_MOST_ONCE);
        }
        if (received < blocks) {
            requestBlock();
            return;
        }
        finish();
    }

    private void finish() {
        Job current = underWay();
        if (downloads != null) {
            try {
                Files.createDirectories(downloads);
                written = downloads.resolve("ota-" + current.jobId().replaceAll("[^A-Za-z0-9._-]", "_") + ".bin");
                Files.write(written, image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        transport.log("OTA agent: received all " + blocks + " blocks of job " + current.jobId()
                + (written == null ? "" : ", written to " + written)
                + "; a board would now install the image and reboot, which the simulator does not");
    }

    /** The image so far (for tests). */
    byte @Nullable [] image() {
        return image;
    }
}
