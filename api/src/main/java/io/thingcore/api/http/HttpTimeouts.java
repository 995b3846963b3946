package io.thingcore.api.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the API port (the console's too) waits for a client. Threat: a client that sends part of a request and
 * then nothing holds a connection (and its buffers) until the operating system gives up.
 *
 * @param requestHead the longest a request head may take, from its first byte (or the connection's start, TLS
 *     handshake included) to its last; also the longest silence allowed within a body
 * @param requestBody the longest a body may take, from the end of the head to its last byte: generous, so that the
 *     largest body (1 MiB) arrives over a slow link as long as it keeps coming
 * @param idle the longest a keep-alive connection may wait for its next request after a response
 */
public record HttpTimeouts(Duration requestHead, Duration requestBody, Duration idle) {
    /** 10 s for a head, as the broker gives a client for its CONNECT; 120 s for a body (70 kbit/s for 1 MiB). */
    public static final HttpTimeouts DEFAULTS =
            new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(120));

    public HttpTimeouts {
        positive(requestHead, "requestHead");
        positive(requestBody, "requestBody");
        positive(idle, "idle");
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
