package io.thingcore.server;

import java.util.Objects;

/** The gateway cannot start; the message is one line a person can act on ("port 4566 is already in use"). */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** With {@code cause}'s message, or its type's name when it has none. */
    public StartupException(Exception cause) {
        super(Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getName()), cause);
    }
}
