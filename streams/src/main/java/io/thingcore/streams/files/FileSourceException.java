package io.thingcore.streams.files;

import org.jspecify.annotations.Nullable;

/** A stream file that cannot be read, and why; the message never carries credentials. */
public final class FileSourceException extends RuntimeException {
    /** Why a read failed; each maps to an error of the API or of MQTT-based file delivery. */
    public enum Reason {
        /** No such bucket, key or version. */
        NOT_FOUND,
        /** The store refused the gateway's credentials. */
        ACCESS_DENIED,
        /** The object is no longer the pinned one (its entity tag changed). */
        CHANGED,
        /** Any other failure: network, disk, server. */
        FAILED
    }

    private final Reason reason;

    public FileSourceException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FileSourceException(Reason reason, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
