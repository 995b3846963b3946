package io.thingcore.streams.store;

/** The database failed (not a refusal): the operation may or may not have been applied; callers answer 500. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
