package io.thingcore.storage;

import org.jspecify.annotations.Nullable;

/**
 * The database failed (connection lost, disk full, a constraint the store did not expect): the transaction was
 * rolled back. Each store turns it into its own error (the registry into AWS's InternalFailureException).
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
