package io.thingcore.jobs.store;

/**
 * Another transaction changed a row this one read (its version moved on) or inserted a key this one meant to insert:
 * the store rolls back and runs the whole transaction again, which then sees the other's change.
 */
final class ConcurrentChangeException extends RuntimeException {
    ConcurrentChangeException(String message) {
        super(message, null, false, false);
    }
}
