package io.thingcore.api.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Consumer;

/**
 * Something served on the API port under its own path prefix and authenticated by its own means instead of SigV4:
 * the web console, whose requests carry a session cookie. The API knows it only through this interface (the console
 * module implements it, the server passes it in); it reuses the control plane through
 * {@link Dispatcher#dispatchAuthenticated}, so a console call runs the very operation an SDK call runs. Runs on an
 * API worker thread.
 */
public interface Mount {
    /** The path prefix, e.g. {@code /console}: the raw path equal to it or starting with it and {@code /} is ours. */
    String prefix();

    /** Answers one request under {@link #prefix()}; must not throw (render errors with {@link Responses#error}). */
    Reply handle(Dispatcher.Incoming in, Dispatcher dispatcher);

    default boolean owns(String rawPath) {
        String prefix = prefix();
        return rawPath.startsWith(prefix)
                && (rawPath.length() == prefix.length() || rawPath.charAt(prefix.length()) == '/');
    }

    /** What a mount answers. */
    sealed interface Reply {
        /** One whole response, written like an operation's. */
        record Full(FullHttpResponse response) implements Reply {}

        /**
         * A stream (server-sent events): {@code head} (status and headers, chunked) is written on the event loop, then
         * {@code start} is called there with the channel, which belongs to the stream from then on: it writes
         * {@code HttpContent} chunks and closes the channel when done; further requests on it close it.
         */
        record Stream(HttpResponse head, Consumer<Channel> start) implements Reply {}
    }
}
