package io.thingcore.dic.simulator.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
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
 *       {@code files[0].filesize}, {@code fileid}, optional {@code filepath}, {@code fileType},
 *       {@code sig-sha256-ecdsa}), and {@code execution.statusDetails.self_test} / {@code updatedBy} after an update;
 *   <li>{@code initFileTransfer_Mqtt}: subscribe {@code $aws/things/<thing>/streams/<stream>/data/cbor} at QoS 0;
 *   <li>{@code requestFileBlock_Mqtt}: publish a CBOR map {@code c} "rdy", {@code f} file id, {@code l} 1024,
 *       {@code o} 0, {@code b} the bitmap of missing blocks, {@code n} 1 at QoS 0 to
 *       {@code .../streams/<stream>/get/cbor}; each data message ({@code f}, {@code i}, {@code l}, {@code p}) is
 *       written and the next block requested;
 *   <li>{@code updateJobStatus_Mqtt}: while receiving, {@code {"status":"IN_PROGRESS","statusDetails":{"receive":
 *       "<received>/<blocks>"}}} at QoS 0 after the first block and every 25th; then the close of the file.
 * </ol>
 *
 * <p><b>Closing the file</b> ({@code ota.c} {@code processDataHandler}, {@code ingestDataBlock}): the platform layer
 * verifies {@code sig-sha256-ecdsa} (ECDSA P-256 over SHA-256) with the code-signing certificate compiled into the
 * device. A failure is {@code FAILED} with {@code "reason":"0x000000e3: 0x00000000"} ({@code JobStatusFailedWithVal},
 * {@code OtaPalSignatureCheckFailed}). The DIC firmware's own {@code pal.c} (SiliconLabs @c5101e30) verifies nothing;
 * without a certificate the agent behaves like it and says so. A firmware image ({@code fileType} 0,
 * {@code configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID}) is then reported {@code IN_PROGRESS} with {@code self_test}
 * "ready" and activated: the board reboots into it.
 *
 * <p><b>After the reboot</b> the new image's agent requests the job again, finds {@code self_test} in its status
 * details, checks that it runs a newer version than {@code updatedBy} ({@code validateUpdateVersion}), reports
 * {@code self_test} "active", and the application accepts the image ({@code OTA_SetImageState(OtaImageStateAccepted)}
 * in the OTA demo's callback), which reports {@code SUCCEEDED} with {@code "reason":"accepted  v<new>"}. The
 * simulator cannot reboot: once the "ready" update is acknowledged it runs the next build of its version and goes on
 * on the same connection, as the rebooted board's agent would. (On a DIC board the agent only starts again when
 * {@code ota} is sent after the reboot: {@code dic_control.cpp} creates the OTA task on that command.) Any other file
 * type is {@code SUCCEEDED} at once, as the library reports it.
 *
 * <p><b>Resuming</b> ({@link #resume()}): after a reconnection the library's {@code OTA_Resume} requests the job
 * again; the same job ID keeps the file context and its bitmap ({@code verifyActiveJobStatus},
 * {@code OtaJobParseErrUpdateCurrentJob}), so only the missing blocks are requested.
 *
 * <p>Not thread-safe: the device's thread only.
 */
public final class OtaAgent {
    /** {@code OTA_CLIENT_TOKEN}. */
    static final String STREAM_CLIENT_TOKEN = "rdy";
    /** {@code 1 << otaconfigLOG2_FILE_BLOCK_SIZE}. */
    public static final int BLOCK_SIZE = 1024;
    /** {@code otaconfigOTA_UPDATE_STATUS_FREQUENCY}. */
    static final int STATUS_FREQUENCY = 25;
    /** {@code otaconfigMAX_NUM_BLOCKS_REQUEST}. */
    static final int BLOCKS_PER_REQUEST = 1;
    /** {@code configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID}. */
    static final int FIRMWARE_FILE_TYPE = 0;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The MQTT operations the agent needs, over the device's one connection. */
    public interface Transport {
        CompletableFuture<?> subscribe(String topic, MqttQoS qos);

        /** Completes when written (QoS 0) or acknowledged (QoS 1), on the device's thread. */
        CompletableFuture<?> publish(String topic, byte[] payload, MqttQoS qos);

        void log(String line);
    }

    /**
     * How the device was built.
     *
     * @param downloads where the finished file goes; {@code null} keeps it in memory
     * @param format the stream's payload format
     * @param codeSigner the code-signing certificate compiled into the device; {@code null} verifies nothing, like
     *     the DIC firmware's platform layer
     */
    public record Settings(
            @Nullable Path downloads,
            StreamFormat format,
            @Nullable X509Certificate codeSigner) {
        public Settings {
            Objects.requireNonNull(format, "format");
        }

        /** CBOR, no verification, the file kept in memory: the DIC firmware. */
        public static Settings firmware() {
            return new Settings(null, StreamFormat.CBOR, null);
        }
    }

    /** Where the agent is. */
    public enum Phase {
        /** Waiting for a job document. */
        WAITING_FOR_JOB,
        /** Requesting blocks. */
        DOWNLOADING,
        /** Rebooted into the new image; waiting for the job document that starts the self-test. */
        PENDING_COMMIT,
        /** The job ended: SUCCEEDED or FAILED was reported. */
        DONE
    }

    /** The job the agent is working on. */
    record Job(
            String jobId,
            String streamName,
            long fileSize,
            int fileId,
            @Nullable String filePath,
            int fileType,
            byte @Nullable [] signature,
            @Nullable String selfTest,
            long updatedBy) {}

    private final String thing;
    private final Transport transport;
    private final Settings settings;
    // ota_mqtt.c: "static uint32_t reqCounter = 0;"
    private int requestCounter;
    private Phase phase = Phase.WAITING_FOR_JOB;
    private AppVersion running = AppVersion.DEMO;
    private @Nullable Job job;
    private byte @Nullable [] image;
    private byte @Nullable [] missing;
    private int blocks;
    private int received;
    private int blockRequests;
    private @Nullable String lastPublishTopic;
    private @Nullable Path written;
    private @Nullable String finalStatus;

    /**
     * @param thing the thing name: {@code CLIENT_IDENTIFIER}, the compile-time client-ID macro (demo_config.h)
     */
    public OtaAgent(String thing, Transport transport, Settings settings) {
        this.thing = Objects.requireNonNull(thing, "thing");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
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

    public Phase phase() {
        return phase;
    }

    /** The last SUCCEEDED or FAILED document the agent published, once the job ended. */
    public @Nullable String finalStatus() {
        return finalStatus;
    }

    /** How many block requests the agent has published, all jobs together. */
    public int blockRequests() {
        return blockRequests;
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

    /**
     * {@code OTA_Resume} after a new connection (a clean session: every subscription is gone): requests the job again,
     * keeping the file and its bitmap.
     */
    public void resume() {
        if (phase == Phase.DONE) {
            return;
        }
        transport.log("OTA agent: resuming after the reconnection"
                + (phase == Phase.DOWNLOADING
                        ? " (" + (blocks - received) + " of " + blocks + " blocks missing)"
                        : ""));
        requestJob();
    }

    private CompletableFuture<?> publish(String topic, byte[] payload, MqttQoS qos) {
        lastPublishTopic = topic;
        transport.log("OTA agent: publishing to " + topic + " (QoS " + qos.value() + ")");
        return transport.publish(topic, payload, qos);
    }

    private CompletableFuture<?> publishStatus(String jobId, String status, MqttQoS qos) {
        return publish(base() + "/jobs/" + jobId + "/update", status.getBytes(StandardCharsets.UTF_8), qos);
    }

    /** Every incoming PUBLISH once the agent owns the connection's callback. */
    public void onMessage(String topic, byte[] payload) {
        if (topic.equals(base() + "/jobs/$next/get/accepted") || topic.equals(base() + "/jobs/notify-next")) {
            onJobDocument(payload);
        } else if (job != null && phase == Phase.DOWNLOADING && topic.equals(dataTopic())) {
            onBlock(payload);
        } else {
            transport.log("OTA agent: ignored a message on " + topic);
        }
    }

    private String streamTopic(String direction) {
        return base() + "/streams/" + underWay().streamName() + "/" + direction + "/"
                + settings.format().topicLevel();
    }

    private String dataTopic() {
        return streamTopic("data");
    }

    /** The job being worked on: blocks are asked for and taken only once its document has been accepted. */
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
        if (parsed.selfTest() != null) {
            selfTest(parsed);
            return;
        }
        if (job != null && phase == Phase.DOWNLOADING) {
            if (job.jobId().equals(parsed.jobId())) {
                // verifyActiveJobStatus: the same job keeps its file context and bitmap.
                transport.log("OTA agent: job " + parsed.jobId() + " again: " + (blocks - received) + " of " + blocks
                        + " blocks still missing");
                startTransfer();
                return;
            }
            transport.log("OTA agent: new job document " + parsed.jobId() + ", aborting job " + job.jobId());
        }
        if (phase == Phase.PENDING_COMMIT) {
            transport.log("OTA agent: job " + parsed.jobId() + " has no self_test while the new image awaits it;"
                    + " ignored");
            return;
        }
        job = parsed;
        phase = Phase.DOWNLOADING;
        blocks = (int) ((parsed.fileSize() + BLOCK_SIZE - 1) / BLOCK_SIZE);
        received = 0;
        written = null;
        finalStatus = null;
        image = new byte[(int) parsed.fileSize()];
        missing = initialBitmap(blocks);
        transport.log("OTA agent: job " + parsed.jobId() + ": file " + parsed.fileId() + " of " + parsed.fileSize()
                + " bytes in " + blocks + " blocks from stream " + parsed.streamName() + " ("
                + settings.format().topicLevel() + ")");
        startTransfer();
    }

    /** {@code initFileTransfer_Mqtt}, then the first request. */
    private void startTransfer() {
        transport.log("OTA agent: subscribing to " + dataTopic() + " (QoS 0)");
        transport.subscribe(dataTopic(), MqttQoS.AT_MOST_ONCE).thenRun(this::requestBlock);
    }

    /**
     * Parses a Jobs message; {@code null} when it holds no execution (no job). The required keys are those of
     * {@code otaJobDocModelParamStructure} (ota.c v3.4.0 :597-617); the signature is Base64
     * ({@code decodeAndStoreKey}).
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
                    "the job document lacks execution.jobId or afr_ota protocols, files, filesize or fileid");
        }
        boolean mqtt = false;
        for (JsonNode protocol : ota.path("protocols")) {
            mqtt |= "MQTT".equals(protocol.asText());
        }
        if (!mqtt) {
            throw new IllegalArgumentException(
                    "the job offers no MQTT data protocol (the firmware enables only OTA_DATA_OVER_MQTT)");
        }
        long size = file.path("filesize").asLong();
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("file size " + size + " is out of range");
        }
        byte[] signature = null;
        if (file.path("sig-sha256-ecdsa").isTextual()) {
            try {
                signature =
                        Base64.getDecoder().decode(file.path("sig-sha256-ecdsa").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sig-sha256-ecdsa is not Base64", e);
            }
        }
        JsonNode details = execution.path("statusDetails");
        return new Job(
                jobId,
                ota.path("streamname").asText(""),
                size,
                file.path("fileid").asInt(),
                file.path("filepath").asText(null),
                file.path("fileType").asInt(FIRMWARE_FILE_TYPE),
                signature,
                details.path("self_test").asText(null),
                parseUnsigned(details.path("updatedBy").asText("0")));
    }

    /** {@code strtoul(text, NULL, 0)}: {@code 0x} hexadecimal or decimal; 0 when it is neither. */
    private static long parseUnsigned(String text) {
        try {
            return text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
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
        return StreamFormat.CBOR.request(STREAM_CLIENT_TOKEN, fileId, BLOCK_SIZE, bitmap, BLOCKS_PER_REQUEST);
    }

    private void requestBlock() {
        if (phase != Phase.DOWNLOADING) {
            return;
        }
        blockRequests++;
        publish(
                streamTopic("get"),
                settings.format()
                        .request(
                                STREAM_CLIENT_TOKEN,
                                underWay().fileId(),
                                BLOCK_SIZE,
                                missingBlocks(),
                                BLOCKS_PER_REQUEST),
                MqttQoS.AT_MOST_ONCE);
    }

    private void onBlock(byte[] payload) {
        StreamFormat.Block block;
        try {
            block = settings.format().block(payload);
        } catch (IllegalArgumentException e) {
            transport.log("OTA agent: undecodable block (" + e.getMessage() + ")");
            return;
        }
        Job current = underWay();
        byte[] missing = missingBlocks();
        long lastBlock = blocks - 1L;
        long index = block.index();
        long size = block.size();
        boolean sizeOk = (index < lastBlock && size == BLOCK_SIZE)
                || (index == lastBlock && size == current.fileSize() - lastBlock * BLOCK_SIZE);
        if (block.fileId() != current.fileId()
                || index < 0
                || index > lastBlock
                || !sizeOk
                || block.data().length != size) {
            transport.log(
                    "OTA agent: block " + index + " of file " + block.fileId() + " (" + size + " bytes) rejected");
            return;
        }
        int i = (int) index;
        if ((missing[i / 8] & (1 << (i % 8))) == 0) {
            transport.log("OTA agent: block " + i + " again, ignored");
            return;
        }
        System.arraycopy(block.data(), 0, image, i * BLOCK_SIZE, block.data().length);
        missing[i / 8] &= (byte) ~(1 << (i % 8));
        received++;
        if (received == 1 || received % STATUS_FREQUENCY == 0) {
            // Progress is downgraded to QoS 0 (updateJobStatus_Mqtt).
            publishStatus(current.jobId(), JobStatusMessages.receiving(received, blocks), MqttQoS.AT_MOST_ONCE);
        }
        if (received < blocks) {
            requestBlock();
            return;
        }
        closeFile();
    }

    /** {@code otaClose}: write the file, check its signature, and report. */
    private void closeFile() {
        Job current = underWay();
        byte[] file = Objects.requireNonNull(image, "image");
        if (settings.downloads() != null) {
            try {
                Files.createDirectories(settings.downloads());
                written = settings.downloads()
                        .resolve("ota-" + current.jobId().replaceAll("[^A-Za-z0-9._-]", "_") + ".bin");
                Files.write(written, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        transport.log("OTA agent: received all " + blocks + " blocks of job " + current.jobId()
                + (written == null ? "" : ", written to " + written));
        X509Certificate signer = settings.codeSigner();
        if (signer == null) {
            transport.log("OTA agent: no code-signing certificate (--ota-signer-cert): like the DIC firmware's"
                    + " pal.c, the signature is not checked");
        } else if (!signatureValid(file, current.signature(), signer)) {
            transport.log("OTA agent: the signature check failed (sig-sha256-ecdsa against "
                    + signer.getSubjectX500Principal().getName() + "); the image is rejected");
            finish(current, JobStatusMessages.failedWithValue(JobStatusMessages.PAL_SIGNATURE_CHECK_FAILED, 0));
            return;
        } else {
            transport.log("OTA agent: signature verified with "
                    + signer.getSubjectX500Principal().getName());
        }
        if (current.fileType() != FIRMWARE_FILE_TYPE) {
            finish(current, JobStatusMessages.succeeded(AppVersion.of(current.fileType()), AppVersion.of(0)));
            return;
        }
        phase = Phase.PENDING_COMMIT;
        publishStatus(
                        current.jobId(),
                        JobStatusMessages.selfTest(JobStatusMessages.SELF_TEST_READY, running),
                        MqttQoS.AT_LEAST_ONCE)
                .thenRun(() -> {
                    AppVersion updater = running;
                    running = running.nextBuild();
                    transport.log("OTA agent: a board would now activate the image and reboot; the simulator runs "
                            + running + " (updated by " + updater + ") and requests the job again, as the"
                            + " rebooted board's agent does");
                    requestJob();
                });
    }

    /** The platform layer's check: ECDSA P-256 over SHA-256 of the whole file, the signature in DER. */
    static boolean signatureValid(byte[] file, byte @Nullable [] signature, X509Certificate signer) {
        if (signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(signer.getPublicKey());
            verifier.update(file);
            return verifier.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the code-signing certificate's key cannot verify ECDSA signatures: " + e.getMessage(), e);
        }
    }

    /** {@code handleSelfTestJobDoc}: the job says the device was updated; the version tells whether to commit. */
    private void selfTest(Job parsed) {
        long updatedBy = parsed.updatedBy();
        int reject = 0;
        if (parsed.fileId() == 0 && parsed.fileType() == FIRMWARE_FILE_TYPE) {
            if (updatedBy == running.packed()) {
                reject = JobStatusMessages.ERR_SAME_FIRMWARE_VERSION;
            } else if (updatedBy > running.packed()) {
                reject = JobStatusMessages.ERR_DOWNGRADE_NOT_ALLOWED;
            }
        }
        job = parsed;
        if (phase != Phase.PENDING_COMMIT) {
            // inSelfTestHandler: the job is in self-test but the platform has no image pending commit.
            transport.log("OTA agent: job " + parsed.jobId() + " is in self-test but no new image awaits its test;"
                    + " rejected");
            finish(
                    parsed,
                    JobStatusMessages.failed(JobStatusMessages.REJECTED, JobStatusMessages.ERR_IMAGE_STATE_MISMATCH));
            return;
        }
        if (reject != 0) {
            transport.log("OTA agent: job " + parsed.jobId() + " is in self-test but " + running
                    + " is not newer than the updater " + AppVersion.of(updatedBy) + "; the image is rejected");
            finish(parsed, JobStatusMessages.failed(JobStatusMessages.REJECTED, reject));
            return;
        }
        transport.log("OTA agent: job " + parsed.jobId() + " in self-test, " + running + " updated by "
                + AppVersion.of(updatedBy) + ": testing, then accepting the image");
        publishStatus(
                        parsed.jobId(),
                        JobStatusMessages.selfTest(JobStatusMessages.SELF_TEST_ACTIVE, running),
                        MqttQoS.AT_LEAST_ONCE)
                .thenRun(() -> finish(parsed, JobStatusMessages.succeeded(running, AppVersion.of(updatedBy))));
    }

    private void finish(Job current, String status) {
        phase = Phase.DONE;
        finalStatus = status;
        transport.log("OTA agent: job " + current.jobId() + " ends: " + status);
        publishStatus(current.jobId(), status, MqttQoS.AT_LEAST_ONCE);
    }

    /** The image so far (for tests). */
    byte @Nullable [] image() {
        return image;
    }
}
