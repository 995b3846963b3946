package io.thingcore.streams.control;

import io.thingcore.registry.Account;
import io.thingcore.streams.files.FileSourceException;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.streams.files.StreamFileSource;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.Stream;
import io.thingcore.streams.model.StreamFile;
import io.thingcore.streams.model.StreamRules;
import io.thingcore.streams.model.StreamsErrorType;
import io.thingcore.streams.model.StreamsException;
import io.thingcore.streams.store.StreamPage;
import io.thingcore.streams.store.StreamStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The stream operations with AWS's rules. Every refusal is a {@link StreamsException} of AWS's type, raised before
 * anything is written.
 */
public final class Streams {
    /** {@code ListStreams}: {@code maxResults} is 1 to 250 ({@code MaxResults} shape); the default when absent. */
    public static final int MAX_RESULTS = 250;

    public static final int DEFAULT_MAX_RESULTS = 100;

    /** Attempts of an update that lost a race with another update of the same stream before it gives up. */
    private static final int UPDATE_ATTEMPTS = 3;

    private final StreamStore store;
    private final StreamFileSource files;
    private final Clock clock;
    private final Map<Key, Stream> cache = new ConcurrentHashMap<>();
    /**
     * Counts committed writes. A read that raced with a write (the count moved while it read the store) is not
     * cached: it may hold the stream from before the write, after the write evicted its key.
     */
    private final AtomicLong writes = new AtomicLong();

    private record Key(Account namespace, String streamId) {}

    public Streams(StreamStore store, StreamFileSource files, Clock clock) {
        this.store = store;
        this.files = files;
        this.clock = clock;
    }

    /** {@code CreateStream}: version 1, each file pinned as found now. */
    public Stream create(Account namespace, CreateStreamRequest request) {
        String id = StreamRules.checkStreamId(request.streamId());
        String description = StreamRules.checkDescription(request.description());
        List<StreamFile> checked = StreamRules.checkFiles(request.files());
        String roleArn = StreamRules.checkRoleArn(request.roleArn());
        if (store.find(namespace, id).isPresent()) {
            throw alreadyExists(namespace, id);
        }
        Instant now = clock.instant();
        Stream stream = new Stream(namespace, id, 1, description, roleArn, pin(checked), now, now);
        if (!store.insert(stream)) {
            throw alreadyExists(namespace, id);
        }
        evict(namespace, id);
        return stream;
    }

    private static StreamsException alreadyExists(Account namespace, String id) {
        return new StreamsException(
                StreamsErrorType.RESOURCE_ALREADY_EXISTS,
                "stream " + id + " already exists",
                id,
                namespace.arn("stream", id));
    }

    /** {@code DescribeStream}. */
    public Stream describe(Account namespace, String streamId) {
        String id = StreamRules.checkStreamId(streamId);
        return store.find(namespace, id).orElseThrow(() -> StreamsException.notFound("stream " + id + " not found"));
    }

    /**
     * The stream for the device-side service: from memory after the first read, so a thousand devices fetching
     * blocks do not read the database a thousand times; empty for an unknown or invalid ID.
     */
    public Optional<Stream> find(Account namespace, String streamId) {
        if (!StreamRules.isStreamId(streamId)) {
            return Optional.empty();
        }
        Key key = new Key(namespace, streamId);
        Stream cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = writes.get();
        Optional<Stream> stored = store.find(namespace, streamId);
        if (stored.isPresent()) {
            cache.put(key, stored.get());
            if (writes.get() != before) {
                cache.remove(key);
            }
        }
        return stored;
    }

    /** {@code ListStreams}. */
    public StreamPage list(
            Account namespace,
            @Nullable Integer maxResults,
            @Nullable String nextToken,
            @Nullable Boolean ascendingOrder) {
        int max = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        if (max < 1 || max > MAX_RESULTS) {
            throw StreamsException.invalid("maxResults must be 1 to " + MAX_RESULTS);
        }
        return store.list(namespace, max, nextToken, Boolean.TRUE.equals(ascendingOrder));
    }

    /**
     * {@code UpdateStream}: "The stream version will be incremented by one" ({@code iot} API model). New files are
     * pinned as found now; without {@code files} the stream keeps its pinned files.
     */
    public Stream update(Account namespace, UpdateStreamRequest request) {
        String id = StreamRules.checkStreamId(request.streamId());
        String description = StreamRules.checkDescription(request.description());
        List<StreamFile> checked = request.files() == null ? null : StreamRules.checkFiles(request.files());
        String roleArn = request.roleArn() == null ? null : StreamRules.checkRoleArn(request.roleArn());
        List<PinnedFile> pinned = checked == null ? null : pin(checked);
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Stream current = describe(namespace, id);
            if (current.version() >= StreamRules.MAX_VERSION) {
                throw new StreamsException(
                        StreamsErrorType.LIMIT_EXCEEDED,
                        "stream " + id + " has reached the highest version, " + StreamRules.MAX_VERSION);
            }
            Stream updated = new Stream(
                    namespace,
                    id,
                    current.version() + 1,
                    description == null ? current.description() : description,
                    roleArn == null ? current.roleArn() : roleArn,
                    pinned == null ? current.files() : pinned,
                    current.createdAt(),
                    clock.instant());
            if (store.replace(updated, current.version())) {
                evict(namespace, id);
                return updated;
            }
        }
        throw new StreamsException(
                StreamsErrorType.INTERNAL_FAILURE, "stream " + id + " changed during the update; try again");
    }

    /** {@code DeleteStream}. */
    public void delete(Account namespace, String streamId) {
        String id = StreamRules.checkStreamId(streamId);
        boolean deleted = store.delete(namespace, id);
        evict(namespace, id);
        if (!deleted) {
            throw StreamsException.notFound("stream " + id + " not found");
        }
    }

    private void evict(Account namespace, String id) {
        writes.incrementAndGet();
        cache.remove(new Key(namespace, id));
    }

    private List<PinnedFile> pin(List<StreamFile> checked) {
        List<PinnedFile> pinned = new ArrayList<>(checked.size());
        for (StreamFile file : checked) {
            ObjectInfo info;
            try {
                info = files.describe(file.s3Location());
            } catch (FileSourceException e) {
                throw switch (e.reason()) {
                    case NOT_FOUND, CHANGED ->
                        StreamsException.notFound(
                                "fileId " + file.fileId() + ": no object at its s3Location: " + e.getMessage());
                    case ACCESS_DENIED ->
                        StreamsException.invalid("fileId " + file.fileId() + ": access to its s3Location was denied");
                    case FAILED ->
                        new StreamsException(
                                StreamsErrorType.INTERNAL_FAILURE, "fileId " + file.fileId() + ": reading it failed");
                };
            }
            pinned.add(new PinnedFile(file, info.size(), info.version(), info.etag()));
        }
        return pinned;
    }
}
