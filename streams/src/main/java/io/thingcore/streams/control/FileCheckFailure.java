package io.thingcore.streams.control;

/**
 * Why a stream file is not what the stream pinned ({@link Streams#check}): a device must not be sent to fetch it.
 *
 * @param fileId the file's ID in its stream
 * @param reason what is wrong
 * @param message what was found, for people
 */
public record FileCheckFailure(int fileId, Reason reason, String message) {
    /** What is wrong with the file. */
    public enum Reason {
        /** The pinned object is gone. */
        MISSING,
        /** The pinned object holds other bytes than the stream read (size or SHA-256 differ, or a new entity tag). */
        CHANGED,
        /** The object could not be read (access denied, or the store failed). */
        UNREADABLE
    }
}
