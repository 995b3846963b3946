package io.thingcore.api.streams;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.http.RouteTable;
import io.thingcore.streams.control.CreateStreamRequest;
import io.thingcore.streams.control.Streams;
import io.thingcore.streams.control.UpdateStreamRequest;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.Stream;
import io.thingcore.streams.model.StreamFile;
import io.thingcore.streams.model.StreamsException;
import io.thingcore.streams.store.StreamPage;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The stream operations of the {@code iot} API model, on the gateway's {@link Streams}. */
public final class StreamOperations implements RouteFamily {
    private final Streams streams;

    public StreamOperations(Streams streams) {
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.add(POST, "/streams/{streamId}", "CreateStream", this::createStream)
                .add(GET, "/streams/{streamId}", "DescribeStream", this::describeStream)
                .add(GET, "/streams", "ListStreams", this::listStreams)
                .add(PUT, "/streams/{streamId}", "UpdateStream", this::updateStream)
                .add(DELETE, "/streams/{streamId}", "DeleteStream", this::deleteStream);
    }

    ApiResponse createStream(ApiRequest request) {
        JsonBody body = request.json();
        List<StreamFile> files = files(body);
        if (files == null) {
            throw body.missing("files");
        }
        String roleArn = body.requiredString("roleArn");
        String description = body.string("description");
        body.objects("tags", tag -> tag); // type-checked; stream tags are not kept
        Stream stream = refusedAsAws(() -> streams.create(
                request.namespace(), new CreateStreamRequest(request.label("streamId"), description, files, roleArn)));
        return ApiResponse.of(summary(stream));
    }

    ApiResponse describeStream(ApiRequest request) {
        Stream stream = refusedAsAws(() -> streams.describe(request.namespace(), request.label("streamId")));
        ObjectNode info = summary(stream);
        ArrayNode files = info.putArray("files");
        for (PinnedFile file : stream.files()) {
            files.add(file(file.file()));
        }
        Json.put(info, "createdAt", stream.createdAt());
        Json.put(info, "lastUpdatedAt", stream.lastUpdatedAt());
        Json.put(info, "roleArn", stream.roleArn());
        ObjectNode out = Json.object();
        out.set("streamInfo", info);
        return ApiResponse.of(out);
    }

    ApiResponse listStreams(ApiRequest request) {
        Long maxResults = request.queryLong("maxResults");
        if (maxResults != null && (maxResults < 1 || maxResults > Streams.MAX_RESULTS)) {
            throw ApiException.invalidRequest("maxResults must be 1 to " + Streams.MAX_RESULTS);
        }
        boolean ascending = request.queryBool("isAscendingOrder", false);
        StreamPage page = refusedAsAws(() -> streams.list(
                request.namespace(),
                maxResults == null ? null : maxResults.intValue(),
                request.query("nextToken"),
                ascending));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("streams");
        for (Stream stream : page.streams()) {
            items.add(summary(stream));
        }
        Json.put(out, "nextToken", page.nextToken());
        return ApiResponse.of(out);
    }

    ApiResponse updateStream(ApiRequest request) {
        JsonBody body = request.json();
        List<StreamFile> files = files(body);
        String roleArn = body.string("roleArn");
        String description = body.string("description");
        Stream stream = refusedAsAws(() -> streams.update(
                request.namespace(), new UpdateStreamRequest(request.label("streamId"), description, files, roleArn)));
        return ApiResponse.of(summary(stream));
    }

    ApiResponse deleteStream(ApiRequest request) {
        refusedAsAws(() -> {
            streams.delete(request.namespace(), request.label("streamId"));
            return Boolean.TRUE;
        });
        return ApiResponse.empty();
    }

    /** {@code StreamSummary}: also the output of CreateStream and UpdateStream, and the head of {@code StreamInfo}. */
    private static ObjectNode summary(Stream stream) {
        ObjectNode out = Json.object();
        Json.put(out, "streamId", stream.streamId());
        Json.put(out, "streamArn", stream.arn());
        out.put("streamVersion", stream.version());
        Json.put(out, "description", stream.description());
        return out;
    }

    private static ObjectNode file(StreamFile file) {
        ObjectNode location = Json.object();
        Json.put(location, "bucket", file.s3Location().bucket());
        Json.put(location, "key", file.s3Location().key());
        Json.put(location, "version", file.s3Location().version());
        ObjectNode out = Json.object();
        out.put("fileId", file.fileId());
        out.set("s3Location", location);
        return out;
    }

    /** {@code StreamFiles}: a list of {@code StreamFile}, each a {@code fileId} and an {@code s3Location}. */
    private static @Nullable List<StreamFile> files(JsonBody body) {
        return body.objects("files", file -> {
            Long fileId = file.longValue("fileId");
            JsonBody location = file.object("s3Location");
            if (fileId == null) {
                throw file.missing("fileId");
            }
            if (location == null) {
                throw file.missing("s3Location");
            }
            if (fileId < 0 || fileId > 255) {
                throw ApiException.invalidRequest("fileId must be 0 to 255");
            }
            return new StreamFile(
                    fileId.intValue(),
                    new S3Location(
                            location.requiredString("bucket"),
                            location.requiredString("key"),
                            location.string("version")));
        });
    }

    /** Runs a stream operation; its refusal becomes AWS's error shape with the same type, status and members. */
    private static <T> T refusedAsAws(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StreamsException e) {
            throw new ApiException(
                    e.type().awsName(),
                    e.type().httpStatus(),
                    Objects.requireNonNullElse(e.getMessage(), e.type().awsName()),
                    e.resourceId(),
                    e.resourceArn());
        }
    }
}
