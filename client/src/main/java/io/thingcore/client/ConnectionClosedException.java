package io.thingcore.client;

import java.io.IOException;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** Fails the operations still waiting for an acknowledgement when the connection closes. */
public final class ConnectionClosedException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
