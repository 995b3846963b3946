package io.thingcore.streams.delivery;

import io.thingcore.streams.model.Stream;
import java.util.Optional;

/**
 * The streams devices may fetch: those of the gateway's namespace, such as
 * {@code id -> streams.find(namespace, id)} ({@link io.thingcore.streams.control.Streams#find}). Called on the
 * service executor; may block, should be served from memory.
 */
@FunctionalInterface
public interface StreamLookup {
    Optional<Stream> find(String streamId);
}
