package io.thingcore.streams.delivery;

import io.thingcore.broker.services.ReservedTopicService;
import io.thingcore.broker.services.ServiceReplies;
import io.thingcore.broker.services.ServiceRequest;
import io.thingcore.logtext.LogText;
import io.thingcore.streams.files.FileSourceException;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.Stream;
import io.thingcore.streams.model.StreamRules;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT-based file delivery for devices (family {@code streams} of the reserved-topic SPI): {@code DescribeStream} and
 * {@code GetStream} as "Using AWS IoT MQTT-based file delivery in devices" describes them.
 *
 * <p>A request is answered on its own thing's and stream's topics, in its format: {@code description/<format>},
 * one {@code data/<format>} message per block, or one {@code rejected/<format>} message. The broker already checked
 * the requester's {@code iot:Publish} on the request topic and checks {@code iot:Receive} on every reply, as AWS
 * IoT does ("Managing a stream in the AWS Cloud", "Grant permissions to your devices"); the service adds no rule of
 * its own about which thing asks.
 *
 * <p>The order of the checks: the topic ({@code InvalidTopic}), the payload ({@code InvalidCbor}/{@code InvalidJson},
 * {@code InvalidRequest}), the request's bounds (block size, offset, count, bitmap), then the stream
 * ({@code ResourceNotFound}), its version ({@code VersionMismatch}), the file ({@code ResourceNotFound}) and the
 * offset against the file's length. Nothing is stored: the returned stage is complete when the replies are published.
 */
public final class StreamDeliveryService implements ReservedTopicService {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDeliveryService.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    public static final String FAMILY = "streams";

    private final StreamLookup streams;
    private final BlockCache blocks;

    public StreamDeliveryService(StreamLookup streams, BlockCache blocks) {
        this.streams = streams;
        this.blocks = blocks;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public boolean accepts(String suffix) {
        return StreamTopic.isRequest(suffix);
    }

    @Override
    public CompletionStage<Void> handle(ServiceRequest request, ServiceReplies replies) {
        StreamTopic topic = StreamTopic.parse(request.suffix());
        String prefix = "$aws/things/" + request.thingName() + "/" + FAMILY + "/" + topic.streamId() + "/";
        Format format = topic.replyFormat();
        try {
            Format requestFormat = topic.validFormat();
            if (requestFormat == null) {
                throw new Rejection(
                        DeliveryError.InvalidTopic,
                        StreamRules.isStreamId(topic.streamId())
                                ? "the payload format must be cbor or json"
                                : "the stream ID must be 1 to 128 characters of [a-zA-Z0-9_-]",
                        null);
            }
            GetStreamRequest decoded = RequestDecoder.decode(requestFormat, request.payload());
            if (topic.operation().equals(StreamTopic.DESCRIBE)) {
                Stream stream = stream(topic.streamId(), decoded);
                replies.publishTo(
                        prefix + "description/" + format.level,
                        ReplyEncoder.description(format, decoded.clientToken(), stream));
            } else {
                get(topic.streamId(), requestFormat, decoded, prefix + "data/" + format.level, replies);
            }
        } catch (Rejection r) {
            reject(replies, prefix + "rejected/" + format.level, format, r, request);
        } catch (RuntimeException e) {
            LOG.warn(
                    "streams: request of '{}' on '{}' failed",
                    LogText.of(request.requester().clientId()),
                    LogText.of(request.topic()),
                    e);
            reject(
                    replies,
                    prefix + "rejected/" + format.level,
                    format,
                    new Rejection(DeliveryError.InternalError, "internal error", null),
                    request);
        }
        return DONE;
    }

    private Stream stream(String streamId, GetStreamRequest r) {
        return streams.find(streamId)
                .orElseThrow(() -> new Rejection(
                        DeliveryError.ResourceNotFound, "stream " + streamId + " not found", r.clientToken()));
    }

    private void get(String streamId, Format format, GetStreamRequest r, String dataTopic, ServiceReplies replies) {
        int blockSize = BlockPlan.checkBounds(r);
        if (r.fileId() == null) {
            throw new Rejection(DeliveryError.InvalidRequest, "the file ID 'f' is required", r.clientToken());
        }
        Stream stream = stream(streamId, r);
        if (r.streamVersion() != null && r.streamVersion() != stream.version()) {
            throw new Rejection(
                    DeliveryError.VersionMismatch,
                    "the stream version is " + stream.version() + ", not " + r.streamVersion(),
                    r.clientToken());
        }
        PinnedFile file = r.fileId() > StreamRules.MAX_FILE_ID
                ? null
                : stream.file(r.fileId().intValue()).orElse(null);
        if (file == null) {
            throw new Rejection(
                    DeliveryError.ResourceNotFound,
                    "stream " + stream.streamId() + " has no file " + r.fileId(),
                    r.clientToken());
        }
        for (int blockId : BlockPlan.blocks(r, blockSize, file.size())) {
            BlockCache.Block block;
            try {
                block = blocks.block(file, blockId, blockSize);
            } catch (FileSourceException e) {
                throw new Rejection(
                        switch (e.reason()) {
                            case NOT_FOUND -> DeliveryError.ResourceNotFound;
                            case CHANGED -> DeliveryError.ETagMismatch;
                            case ACCESS_DENIED -> DeliveryError.Unauthorized;
                            case FAILED -> DeliveryError.InternalError;
                        },
                        switch (e.reason()) {
                            case NOT_FOUND -> "the file's object is gone from its store";
                            case CHANGED -> "the file's object changed since the stream was updated";
                            case ACCESS_DENIED -> "the file's store refused access";
                            case FAILED -> "reading the file failed";
                        },
                        r.clientToken());
            }
            replies.publishTo(dataTopic, ReplyEncoder.block(format, r.clientToken(), file.fileId(), blockId, block));
        }
    }

    private static void reject(
            ServiceReplies replies, String topic, Format format, Rejection r, ServiceRequest request) {
        try {
            replies.publishTo(topic, ReplyEncoder.rejection(format, r.code, r.getMessage(), r.clientToken));
        } catch (IllegalArgumentException e) {
            // The rejected topic is five characters longer than the request's and may pass AWS's topic length.
            LOG.info(
                    "streams: no reply to '{}' on '{}': {}",
                    LogText.of(request.requester().clientId()),
                    LogText.of(request.topic()),
                    LogText.line(e.getMessage()));
        }
    }
}
