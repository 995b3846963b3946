package io.thingcore.server;

/** The gateway cannot start; the message is one line a person can act on ("port 4566 is already in use"). */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
