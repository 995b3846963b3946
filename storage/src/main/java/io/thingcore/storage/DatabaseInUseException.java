package io.thingcore.storage;

/**
 * Another thingcore gateway already uses this database; the message is one line that names the database
 * and, when known, the holder. Several gateway nodes on one database are not supported yet: change events stay in the
 * JVM that committed them, so a revocation made through one node would never reach the other's connections
 * (docs/adr/0006-one-gateway-node-per-database.md).
 */
public final class DatabaseInUseException extends IllegalStateException {
    /** Why a second node is refused, the same words in every message. */
    static final String WHY = "several nodes on one database are not supported yet: revocations and other changes "
            + "would not reach the other node";

    DatabaseInUseException(String message) {
        super(message);
    }
}
