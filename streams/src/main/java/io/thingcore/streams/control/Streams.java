package io.thingcore.streams.control;

import io.thingcore.registry.Account;
import io.thingcore.streams.files.FileChecks;
import io.thingcore.streams.files.FileSourceException;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.streams.files.StreamFileSource;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
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

    /**
     * Pins each file as found now: its size, version and entity tag, and the SHA-256 of its content, read once here
     * (the caller is an API worker, never an event loop) so that {@link #check} can tell later whether the pinned
     * object still holds those bytes.
     */
    private List<PinnedFile> pin(List<StreamFile> checked) {
        List<PinnedFile> pinned = new ArrayList<>(checked.size());
        for (StreamFile file : checked) {
            ObjectInfo info;
            FileChecks.Digest digest;
            try {
                info = files.describe(file.s3Location());
                digest = FileChecks.digest(files, file.s3Location(), info);
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
            if (digest.size() != info.size()) {
                throw new StreamsException(
                        StreamsErrorType.INTERNAL_FAILURE,
                        "fileId " + file.fileId() + ": the store announced " + info.size() + " bytes but "
                                + digest.size() + " were read; try again");
            }
            pinned.add(new PinnedFile(file, info.size(), info.version(), info.etag(), digest.sha256()));
        }
        return pinned;
    }

    /**
     * Reads the pinned object of file {@code fileId} of {@code stream} again and compares its size and SHA-256 with
     * what {@link #create} or {@link #update} recorded (only the size for a file pinned before SHA-256s were
     * recorded). Blocking: the whole object is read.
     *
     * @return empty when the file is intact, else why it is not
     * @throws StreamsException ResourceNotFoundException when the stream has no such file
     */
    public Optional<FileCheckFailure> check(Stream stream, int fileId) {
        PinnedFile file = stream.file(fileId)
                .orElseThrow(() -> StreamsException.notFound("stream " + stream.streamId() + " has no file " + fileId));
        S3Location location = file.file().s3Location();
        FileChecks.Digest digest;
        try {
            digest = FileChecks.digest(files, location, new ObjectInfo(file.size(), file.version(), file.etag()));
        } catch (FileSourceException e) {
            return Optional.of(
                    switch (e.reason()) {
                        case NOT_FOUND ->
                            new FileCheckFailure(
                                    fileId,
                                    FileCheckFailure.Reason.MISSING,
                                    "the object pinned at " + describe(location) + " is gone");
                        case CHANGED ->
                            new FileCheckFailure(
                                    fileId,
                                    FileCheckFailure.Reason.CHANGED,
                                    "the object at " + describe(location) + " changed since the stream pinned it");
                        case ACCESS_DENIED, FAILED ->
                            new FileCheckFailure(
                                    fileId,
                                    FileCheckFailure.Reason.UNREADABLE,
                                    "the object at " + describe(location) + " could not be read: " + e.getMessage());
                    });
        }
        if (!digest.matches(file.size(), file.sha256())) {
            return Optional.of(new FileCheckFailure(
                    fileId,
                    FileCheckFailure.Reason.CHANGED,
                    "the object at " + describe(location) + " is " + digest.size() + " bytes with SHA-256 "
                            + digest.sha256() + ", but the stream pinned " + file.size() + " bytes"
                            + (file.sha256() == null ? "" : " with SHA-256 " + file.sha256())));
        }
        return Optional.empty();
    }

    private static String describe(S3Location location) {
        return "s3://" + location.bucket() + "/" + location.key()
                + (location.version() == null ? "" : " version " + location.version());
    }
}
