package io.thingcore.streams.store;

import io.thingcore.streams.model.Stream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code ListStreams}.
 *
 * @param streams the streams of this page
 * @param nextToken the token of the next page, or null on the last one
 */
public record StreamPage(List<Stream> streams, @Nullable String nextToken) {
    public StreamPage {
        streams = List.copyOf(streams);
    }
}
