package io.thingcore.streams.store;

import io.thingcore.registry.Account;
import io.thingcore.streams.model.Stream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The durable streams of every namespace. Each method is one transaction; a refused call changes nothing.
 * Blocking: never call from an event loop.
 */
public interface StreamStore {
    /**
     * Stores a new stream.
     *
     * @return false when the namespace already has a stream with that ID (nothing is written)
     */
    boolean insert(Stream stream);

    Optional<Stream> find(Account namespace, String streamId);

    /**
     * A page of the namespace's streams ordered by creation time (then ID), newest first unless {@code ascending}.
     *
     * @param nextToken a token from the previous page, or null for the first
     * @throws io.thingcore.streams.model.StreamsException InvalidRequestException for a token this store did not make
     */
    StreamPage list(Account namespace, int maxResults, @Nullable String nextToken, boolean ascending);

    /**
     * Replaces a stream's version, description, role and files, only if its stored version is still
     * {@code expectedVersion}.
     *
     * @return false when the stream is gone or was updated meanwhile (nothing is written)
     */
    boolean replace(Stream updated, int expectedVersion);

    /** @return false when there was no such stream */
    boolean delete(Account namespace, String streamId);
}
