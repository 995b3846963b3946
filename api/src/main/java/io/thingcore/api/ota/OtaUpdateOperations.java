package io.thingcore.api.ota;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.http.RouteTable;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.ota.OtaUpdateRecord;
import io.thingcore.jobs.ota.OtaUpdateStore;
import io.thingcore.jobs.service.CreateJobRequest;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.registry.Account;
import io.thingcore.streams.control.CreateStreamRequest;
import io.thingcore.streams.control.FileCheckFailure;
import io.thingcore.streams.control.Streams;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.Stream;
import io.thingcore.streams.model.StreamFile;
import io.thingcore.streams.model.StreamsException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OTA update operations of the {@code iot} control plane (AWS IoT API Reference, CreateOTAUpdate, GetOTAUpdate,
 * ListOTAUpdates, DeleteOTAUpdate; paths, members and errors of the {@code iot} service model 2015-05-28). An OTA
 * update is made of what the gateway already has: a stream {@code AFR_OTA-<random UUID>} of the update's S3 files
 * (or the stream the files name), and a job {@code AFR_OTA-<otaUpdateId>} whose document is the {@code afr_ota}
 * document of {@link AfrOtaDocument}. The names are AWS's: the job of an update is {@code AFR_OTA-} and the update's
 * ID (FreeRTOS user guide, "Creating an OTA update with the AWS CLI", the output of get-ota-update); the stream AWS
 * IoT creates is {@code AFR_OTA-} and a UUID, as the {@code streamname} of the OTA job documents devices receive
 * shows (e.g. the OTA job sample in aws-iot-device-client's jobs feature).
 *
 * <p>What thingcore does not emulate is refused with InvalidRequestException rather than ignored: AWS Signer
 * ({@code awsSignerJobId}, {@code startSigningJobParameter}), HTTP file delivery (pre-signed S3 URLs), and the job
 * configurations and tags of the request. Everything is created synchronously, so an update is
 * {@code CREATE_COMPLETE} as soon as CreateOTAUpdate answers, or {@code CREATE_FAILED} without a job when a file of
 * an existing stream is no longer the one the stream pinned (size and SHA-256, {@link Streams#check}).
 */
public final class OtaUpdateOperations implements RouteFamily {
    /** The prefix AWS IoT gives the job (and thingcore the stream) of an OTA update. */
    public static final String AFR_OTA_PREFIX = "AFR_OTA-";

    /** {@code OTAUpdateId} in the model: 1 to 128 of {@code [a-zA-Z0-9_-]}. */
    private static final Pattern OTA_UPDATE_ID = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

    /** ListOTAUpdates' {@code MaxResults}: 1 to 250 in the model. */
    static final int MAX_RESULTS = 250;

    static final Set<String> CREATE_UNOFFERED = Set.of(
            "awsJobExecutionsRolloutConfig",
            "awsJobPresignedUrlConfig",
            "awsJobAbortConfig",
            "awsJobTimeoutConfig",
            "additionalParameters",
            "tags");

    private enum Status {
        CREATE_PENDING,
        CREATE_IN_PROGRESS,
        CREATE_COMPLETE,
        CREATE_FAILED,
        DELETE_IN_PROGRESS,
        DELETE_FAILED
    }

    /** One {@code OTAUpdateFile} of the request, checked. */
    private record UpdateFile(
            String fileName,
            @Nullable Integer fileType,
            @Nullable S3Location s3Location,
            @Nullable String streamId,
            @Nullable Integer streamFileId,
            @Nullable String signatureBase64,
            @Nullable String certificateName,
            @Nullable String hashAlgorithm,
            @Nullable String signatureAlgorithm) {}

    private final Streams streams;
    private final Function<Account, JobsService> jobs;
    private final OtaUpdateStore store;
    private final Clock clock;

    /**
     * @param streams the gateway's streams, where an update's stream is created
     * @param jobs the jobs service of a request's namespace, where an update's job is created
     * @param store where the updates are recorded
     * @param clock for creation dates
     */
    public OtaUpdateOperations(
            Streams streams, Function<Account, JobsService> jobs, OtaUpdateStore store, Clock clock) {
        this.streams = streams;
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.add(POST, "/otaUpdates/{otaUpdateId}", "CreateOTAUpdate", this::createOtaUpdate)
                .add(GET, "/otaUpdates/{otaUpdateId}", "GetOTAUpdate", this::getOtaUpdate)
                .add(GET, "/otaUpdates", "ListOTAUpdates", this::listOtaUpdates)
                .add(DELETE, "/otaUpdates/{otaUpdateId}", "DeleteOTAUpdate", this::deleteOtaUpdate);
    }

    ApiResponse createOtaUpdate(ApiRequest request) {
        Account namespace = request.namespace();
        String otaUpdateId = request.label("otaUpdateId");
        if (!OTA_UPDATE_ID.matcher(otaUpdateId).matches()) {
            throw ApiException.invalidRequest("otaUpdateId must be 1 to 128 of a-z, A-Z, 0-9, _ and -");
        }
        JsonBody body = request.json();
        for (String member : body.memberNames()) {
            if (CREATE_UNOFFERED.contains(member)) {
                throw ApiException.invalidRequest(member + " is not supported by this gateway's OTA updates");
            }
        }
        List<String> targets = body.strings("targets");
        if (targets == null) {
            throw body.missing("targets");
        }
        String roleArn = body.requiredString("roleArn");
        String description = body.string("description");
        TargetSelection targetSelection = body.enumValue("targetSelection", TargetSelection.class);
        List<AfrOtaDocument.Protocol> protocols = protocols(body);
        List<UpdateFile> files = body.objects("files", OtaUpdateOperations::updateFile);
        if (files == null || files.isEmpty()) {
            throw body.missing("files");
        }
        if (store.find(namespace, otaUpdateId).isPresent()) {
            throw alreadyExists(namespace, otaUpdateId);
        }
        String jobId = AFR_OTA_PREFIX + otaUpdateId;
        boolean fromS3 = files.get(0).s3Location() != null;
        for (UpdateFile file : files) {
            if ((file.s3Location() != null) != fromS3) {
                throw ApiException.invalidRequest(
                        "the files of an OTA update are either all in S3 locations or all in one stream");
            }
        }
        Stream stream;
        boolean streamCreated = false;
        if (fromS3) {
            List<StreamFile> streamFiles = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                streamFiles.add(
                        new StreamFile(i, Objects.requireNonNull(files.get(i).s3Location())));
            }
            String streamId = AFR_OTA_PREFIX + UUID.randomUUID();
            stream = streamsAsAws(() -> streams.create(
                    namespace,
                    new CreateStreamRequest(streamId, "Files of OTA update " + otaUpdateId, streamFiles, roleArn)));
            streamCreated = true;
        } else {
            String streamId = Objects.requireNonNull(files.get(0).streamId());
            for (UpdateFile file : files) {
                if (!streamId.equals(file.streamId())) {
                    throw ApiException.invalidRequest("the files of an OTA update must all be in one stream");
                }
            }
            stream = streamsAsAws(() -> streams.describe(namespace, streamId));
        }
        try {
            List<AfrOtaDocument.File> documentFiles = documentFiles(files, stream);
            // A stream created by this call was read whole and hashed a moment ago (Streams.pin); a stream named by
            // the request may be older, and its objects are read again before any device is sent to fetch them.
            FileCheckFailure broken = streamCreated ? null : checkFiles(stream, documentFiles);
            if (broken != null) {
                return createFailed(
                        namespace, otaUpdateId, description, targets, protocols, targetSelection, files, broken);
            }
            ObjectNode document = AfrOtaDocument.of(protocols, stream.streamId(), documentFiles);
            Job job = jobs.apply(namespace)
                    .createJob(new CreateJobRequest(
                            jobId,
                            targets,
                            Json.MAPPER.writeValueAsString(document),
                            null,
                            description,
                            null,
                            targetSelection,
                            null,
                            null,
                            null,
                            null));
            Instant now = clock.instant();
            ObjectNode info =
                    info(namespace, otaUpdateId, description, targets, protocols, targetSelection, files, job, now);
            if (!store.insert(new OtaUpdateRecord(
                    namespace,
                    otaUpdateId,
                    Status.CREATE_COMPLETE.name(),
                    now,
                    Json.MAPPER.writeValueAsString(info),
                    streamCreated ? stream.streamId() : null))) {
                jobs.apply(namespace).deleteJob(jobId, true);
                throw alreadyExists(namespace, otaUpdateId);
            }
            ObjectNode out = Json.object();
            out.put("otaUpdateId", otaUpdateId);
            out.put("otaUpdateArn", otaUpdateArn(namespace, otaUpdateId));
            out.put("awsIotJobId", job.jobId());
            out.put("awsIotJobArn", job.jobArn());
            out.put("otaUpdateStatus", Status.CREATE_COMPLETE.name());
            return ApiResponse.of(out);
        } catch (RuntimeException | JsonProcessingException e) {
            if (streamCreated) {
                streams.delete(namespace, stream.streamId());
            }
            throw refusal(e);
        }
    }

    /** The first file of the update's document that is not what its stream pinned, or null when all are. */
    private @Nullable FileCheckFailure checkFiles(Stream stream, List<AfrOtaDocument.File> documentFiles) {
        for (AfrOtaDocument.File file : documentFiles) {
            Optional<FileCheckFailure> failure = streamsAsAws(() -> streams.check(stream, file.fileid()));
            if (failure.isPresent()) {
                return failure.get();
            }
        }
        return null;
    }

    /**
     * An update whose file failed its check: recorded as {@code CREATE_FAILED} with {@code errorInfo} (shape
     * {@code ErrorInfo}: {@code code}, {@code message}; member {@code errorInfo} of {@code OTAUpdateInfo} in the
     * {@code iot} service model, botocore 1.43.11 {@code botocore/data/iot/2015-05-28/service-2.json}), and no job
     * is created. CreateOTAUpdate answers 200 with {@code otaUpdateStatus} CREATE_FAILED: the request was valid, and
     * in the model an update that could not be made is a status with {@code errorInfo} read by GetOTAUpdate, not an
     * error of CreateOTAUpdate; the gateway creates synchronously, so the status is known in the answer.
     */
    private ApiResponse createFailed(
            Account namespace,
            String otaUpdateId,
            @Nullable String description,
            List<String> targets,
            List<AfrOtaDocument.Protocol> protocols,
            @Nullable TargetSelection targetSelection,
            List<UpdateFile> files,
            FileCheckFailure failure) {
        Instant now = clock.instant();
        ObjectNode info = info(
                namespace,
                otaUpdateId,
                description,
                targets,
                protocols,
                targetSelection == null ? TargetSelection.SNAPSHOT : targetSelection,
                files,
                null,
                now);
        info.put("otaUpdateStatus", Status.CREATE_FAILED.name());
        ObjectNode errorInfo = info.putObject("errorInfo");
        errorInfo.put("code", errorCode(failure.reason()));
        errorInfo.put("message", "file " + failure.fileId() + " of the update: " + failure.message());
        String text;
        try {
            text = Json.MAPPER.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OTAUpdateInfo is always JSON", e);
        }
        if (!store.insert(new OtaUpdateRecord(namespace, otaUpdateId, Status.CREATE_FAILED.name(), now, text, null))) {
            throw alreadyExists(namespace, otaUpdateId);
        }
        ObjectNode out = Json.object();
        out.put("otaUpdateId", otaUpdateId);
        out.put("otaUpdateArn", otaUpdateArn(namespace, otaUpdateId));
        out.put("otaUpdateStatus", Status.CREATE_FAILED.name());
        return ApiResponse.of(out);
    }

    /** The {@code errorInfo.code} of a failed file check: the gateway's own codes, AWS checks no content hash. */
    static String errorCode(FileCheckFailure.Reason reason) {
        return switch (reason) {
            case MISSING -> "StreamFileMissing";
            case CHANGED -> "StreamFileChanged";
            case UNREADABLE -> "StreamFileUnreadable";
        };
    }

    ApiResponse getOtaUpdate(ApiRequest request) {
        OtaUpdateRecord update = find(request.namespace(), request.label("otaUpdateId"));
        ObjectNode out = Json.object();
        try {
            out.set("otaUpdateInfo", Json.MAPPER.readTree(update.info()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored OTA update " + update.otaUpdateId() + " is not JSON", e);
        }
        return ApiResponse.of(out);
    }

    ApiResponse listOtaUpdates(ApiRequest request) {
        Long maxResults = request.queryLong("maxResults");
        if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
            throw ApiException.invalidRequest("maxResults must be 1 to " + MAX_RESULTS);
        }
        Status status = request.queryEnum("otaUpdateStatus", Status.class);
        OtaUpdateStore.Page page;
        try {
            page = store.list(
                    request.namespace(),
                    status == null ? null : status.name(),
                    maxResults == null ? MAX_RESULTS : maxResults.intValue(),
                    request.query("nextToken"));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(e);
        }
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("otaUpdates");
        for (OtaUpdateRecord update : page.updates()) {
            ObjectNode item = items.addObject();
            item.put("otaUpdateId", update.otaUpdateId());
            item.put("otaUpdateArn", otaUpdateArn(request.namespace(), update.otaUpdateId()));
            Json.put(item, "creationDate", update.createdAt());
        }
        Json.put(out, "nextToken", page.nextToken());
        return ApiResponse.of(out);
    }

    /**
     * DeleteOTAUpdate: the update's job goes with it, refused while it is in progress unless
     * {@code forceDeleteAWSJob}; the stream it created goes too when {@code deleteStream}.
     *
     * <p>The refusal is InvalidRequestException (400): "if the job is not in a terminal state ... an exception will
     * occur" (AWS IoT API Reference, DeleteOTAUpdate, {@code forceDeleteAWSJob}), and of the operation's errors in the
     * {@code iot} service model (botocore {@code data/iot/2015-05-28/service-2.json}, {@code DeleteOTAUpdate.errors}:
     * InvalidRequestException, ResourceNotFoundException, ThrottlingException, UnauthorizedException,
     * InternalFailureException, ServiceUnavailableException, VersionConflictException) it is the one for a request
     * that cannot be done as asked. DeleteJob's InvalidStateTransitionException is not among them, so SDKs could not
     * match it (the AWS SDK for Java v2 threw a bare IotException).
     */
    ApiResponse deleteOtaUpdate(ApiRequest request) {
        Account namespace = request.namespace();
        String otaUpdateId = request.label("otaUpdateId");
        OtaUpdateRecord update = find(namespace, otaUpdateId);
        boolean deleteStream = request.queryBool("deleteStream", false);
        boolean force = request.queryBool("forceDeleteAWSJob", false);
        String jobId = AFR_OTA_PREFIX + otaUpdateId;
        try {
            jobs.apply(namespace).deleteJob(jobId, force);
        } catch (JobsException e) {
            if (e.type() == JobsErrorType.INVALID_STATE_TRANSITION) {
                throw ApiException.invalidRequest("OTA update " + otaUpdateId + " not deleted: its job is not"
                        + " COMPLETED or CANCELED (" + e.getMessage() + "); forceDeleteAWSJob deletes it anyway");
            }
            if (e.type() != JobsErrorType.RESOURCE_NOT_FOUND) {
                throw refusal(e);
            }
        }
        String createdStream = update.createdStreamId();
        if (deleteStream
                && createdStream != null
                && streams.find(namespace, createdStream).isPresent()) {
            streamsAsAws(() -> {
                streams.delete(namespace, createdStream);
                return Boolean.TRUE;
            });
        }
        store.delete(namespace, otaUpdateId);
        return ApiResponse.empty();
    }

    private OtaUpdateRecord find(Account namespace, String otaUpdateId) {
        return store.find(namespace, otaUpdateId)
                .orElseThrow(() -> new ApiException(
                        "ResourceNotFoundException",
                        404,
                        "OTA update " + otaUpdateId + " does not exist",
                        otaUpdateId,
                        otaUpdateArn(namespace, otaUpdateId)));
    }

    private static String otaUpdateArn(Account namespace, String otaUpdateId) {
        return namespace.arn("otaupdate", otaUpdateId);
    }

    private static ApiException alreadyExists(Account namespace, String otaUpdateId) {
        return new ApiException(
                "ResourceAlreadyExistsException",
                409,
                "OTA update " + otaUpdateId + " already exists",
                otaUpdateId,
                otaUpdateArn(namespace, otaUpdateId));
    }

    /** {@code protocols}: MQTT when absent, as AWS defaults it; HTTP (pre-signed S3 URLs) is not offered. */
    private static List<AfrOtaDocument.Protocol> protocols(JsonBody body) {
        List<String> names = body.strings("protocols");
        if (names == null) {
            return List.of(AfrOtaDocument.Protocol.MQTT);
        }
        if (names.isEmpty() || names.size() > 2) {
            throw ApiException.invalidRequest("protocols must hold 1 or 2 protocols");
        }
        for (String name : names) {
            if (name.equals("HTTP")) {
                throw ApiException.invalidRequest(
                        "protocol HTTP is not supported: this gateway delivers OTA files over MQTT streams only");
            }
            if (!name.equals("MQTT")) {
                throw ApiException.invalidRequest("protocols must be MQTT or HTTP");
            }
        }
        return List.of(AfrOtaDocument.Protocol.MQTT);
    }

    private static UpdateFile updateFile(JsonBody file) {
        String fileName = file.string("fileName");
        if (fileName == null) {
            throw file.missing("fileName");
        }
        Long fileType = file.longValue("fileType");
        if (fileType != null && (fileType < 0 || fileType > 255)) {
            throw ApiException.invalidRequest("fileType must be 0 to 255");
        }
        if (file.has("attributes")) {
            throw ApiException.invalidRequest("file attributes are not supported by this gateway's OTA updates");
        }
        JsonBody location = file.object("fileLocation");
        if (location == null) {
            throw file.missing("fileLocation");
        }
        JsonBody s3 = location.object("s3Location");
        JsonBody stream = location.object("stream");
        if ((s3 == null) == (stream == null)) {
            throw ApiException.invalidRequest("fileLocation needs exactly one of s3Location and stream");
        }
        S3Location s3Location = null;
        String streamId = null;
        Integer streamFileId = null;
        if (s3 != null) {
            s3Location = new S3Location(s3.requiredString("bucket"), s3.requiredString("key"), s3.string("version"));
        } else {
            JsonBody streamRef = Objects.requireNonNull(stream);
            streamId = streamRef.requiredString("streamId");
            Long fileId = streamRef.longValue("fileId");
            if (fileId == null) {
                throw streamRef.missing("fileId");
            }
            if (fileId < 0 || fileId > 255) {
                throw ApiException.invalidRequest("fileId must be 0 to 255");
            }
            streamFileId = fileId.intValue();
        }
        JsonBody codeSigning = file.object("codeSigning");
        if (codeSigning == null) {
            return new UpdateFile(
                    fileName, intOrNull(fileType), s3Location, streamId, streamFileId, null, null, null, null);
        }
        if (codeSigning.has("awsSignerJobId") || codeSigning.has("startSigningJobParameter")) {
            throw ApiException.invalidRequest("AWS Signer is not emulated by this gateway: sign the file yourself and"
                    + " give the signature in codeSigning.customCodeSigning");
        }
        JsonBody custom = codeSigning.object("customCodeSigning");
        if (custom == null) {
            throw codeSigning.missing("customCodeSigning");
        }
        JsonBody signature = custom.object("signature");
        if (signature == null) {
            throw custom.missing("signature");
        }
        String signatureBase64 = signature.requiredString("inlineDocument");
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("signature.inlineDocument is not base64");
        }
        if (signatureBytes.length == 0 || signatureBytes.length > AfrOtaDocument.MAX_SIGNATURE_BYTES) {
            throw ApiException.invalidRequest("the signature must be 1 to " + AfrOtaDocument.MAX_SIGNATURE_BYTES
                    + " bytes, as the OTA agent reads it");
        }
        JsonBody chain = custom.object("certificateChain");
        String certificateName = chain == null ? null : chain.string("certificateName");
        String hashAlgorithm = custom.requiredString("hashAlgorithm");
        String signatureAlgorithm = custom.requiredString("signatureAlgorithm");
        if (!hashAlgorithm.toUpperCase(Locale.ROOT).equals("SHA256")
                || !signatureAlgorithm.toUpperCase(Locale.ROOT).equals("ECDSA")) {
            throw ApiException.invalidRequest(
                    "custom code signing must be hashAlgorithm SHA256 with signatureAlgorithm ECDSA");
        }
        return new UpdateFile(
                fileName,
                intOrNull(fileType),
                s3Location,
                streamId,
                streamFileId,
                signatureBase64,
                certificateName,
                hashAlgorithm,
                signatureAlgorithm);
    }

    private static @Nullable Integer intOrNull(@Nullable Long value) {
        return value == null ? null : value.intValue();
    }

    /**
     * The document's files, each with the size the stream pinned: a file the stream could not read (no size, no
     * content hash) is refused here, before any job exists.
     */
    private static List<AfrOtaDocument.File> documentFiles(List<UpdateFile> files, Stream stream) {
        List<AfrOtaDocument.File> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            UpdateFile file = files.get(i);
            int fileId = file.streamFileId() != null ? file.streamFileId() : i;
            PinnedFile pinned = stream.files().stream()
                    .filter(candidate -> candidate.fileId() == fileId)
                    .findFirst()
                    .orElseThrow(() ->
                            ApiException.invalidRequest("stream " + stream.streamId() + " has no file " + fileId));
            if (pinned.size() <= 0 || pinned.etag().isEmpty()) {
                throw ApiException.invalidRequest("file " + fileId + " of stream " + stream.streamId()
                        + " has no size or content hash: it cannot be delivered");
            }
            out.add(new AfrOtaDocument.File(
                    file.fileName(),
                    pinned.size(),
                    fileId,
                    file.certificateName(),
                    file.fileType(),
                    file.signatureBase64() == null
                            ? null
                            : AfrOtaDocument.File.signatureKey(
                                    Objects.requireNonNull(file.hashAlgorithm()),
                                    Objects.requireNonNull(file.signatureAlgorithm())),
                    file.signatureBase64()));
        }
        return out;
    }

    /** {@code OTAUpdateInfo}, as GetOTAUpdate answers it. */
    private static ObjectNode info(
            Account namespace,
            String otaUpdateId,
            @Nullable String description,
            List<String> targets,
            List<AfrOtaDocument.Protocol> protocols,
            @Nullable TargetSelection targetSelection,
            List<UpdateFile> files,
            @Nullable Job job,
            Instant now) {
        ObjectNode info = Json.object();
        info.put("otaUpdateId", otaUpdateId);
        info.put("otaUpdateArn", otaUpdateArn(namespace, otaUpdateId));
        Json.put(info, "creationDate", now);
        Json.put(info, "lastModifiedDate", now);
        Json.put(info, "description", description);
        info.set("targets", Json.strings(targets));
        ArrayNode protocolNames = info.putArray("protocols");
        protocols.forEach(protocol -> protocolNames.add(protocol.name()));
        Json.put(
                info,
                "targetSelection",
                targetSelection == null ? Objects.requireNonNull(job, "job").targetSelection() : targetSelection);
        ArrayNode fileNodes = info.putArray("otaUpdateFiles");
        for (UpdateFile file : files) {
            ObjectNode node = fileNodes.addObject();
            node.put("fileName", file.fileName());
            if (file.fileType() != null) {
                node.put("fileType", file.fileType().intValue());
            }
            ObjectNode location = node.putObject("fileLocation");
            if (file.s3Location() != null) {
                ObjectNode s3 = location.putObject("s3Location");
                s3.put("bucket", file.s3Location().bucket());
                s3.put("key", file.s3Location().key());
                Json.put(s3, "version", file.s3Location().version());
            } else {
                ObjectNode stream = location.putObject("stream");
                stream.put("streamId", file.streamId());
                stream.put("fileId", Objects.requireNonNull(file.streamFileId()).intValue());
            }
            if (file.signatureBase64() != null) {
                ObjectNode custom = node.putObject("codeSigning").putObject("customCodeSigning");
                custom.putObject("signature").put("inlineDocument", file.signatureBase64());
                if (file.certificateName() != null) {
                    custom.putObject("certificateChain").put("certificateName", file.certificateName());
                }
                custom.put("hashAlgorithm", file.hashAlgorithm());
                custom.put("signatureAlgorithm", file.signatureAlgorithm());
            }
        }
        if (job != null) {
            info.put("otaUpdateStatus", Status.CREATE_COMPLETE.name());
            info.put("awsIotJobId", job.jobId());
            info.put("awsIotJobArn", job.jobArn());
        }
        return info;
    }

    /** A refusal of the streams or jobs service in AWS's error shape; API refusals pass through unchanged. */
    private static RuntimeException refusal(Exception e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof JobsException jobs) {
            return new ApiException(jobs.type().exceptionName(), jobs.type().httpStatus(), jobs.getMessage());
        }
        if (e instanceof StreamsException streamsRefusal) {
            return streamsError(streamsRefusal);
        }
        if (e instanceof IllegalArgumentException invalid) {
            return ApiException.invalidRequest(invalid);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(e);
    }

    private static ApiException streamsError(StreamsException e) {
        return new ApiException(
                e.type().awsName(),
                e.type().httpStatus(),
                Objects.requireNonNullElse(e.getMessage(), e.type().awsName()),
                e.resourceId(),
                e.resourceArn());
    }

    private static <T> T streamsAsAws(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StreamsException e) {
            throw streamsError(e);
        }
    }
}
