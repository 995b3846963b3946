package io.thingcore.streams.model;

import org.jspecify.annotations.Nullable;

/**
 * A stream file together with what the gateway found at its location when the stream was created or last updated:
 * the bytes devices receive are those, and no others. AWS records the same ("What is a stream?": "For each file in
 * the list, the stream records a file ID, the file size, and the address information of the file"), and refuses a
 * block of an object that changed since with {@code ETagMismatch} ("Using AWS IoT MQTT-based file delivery in
 * devices", error codes).
 *
 * @param file the file as the API shows it
 * @param size its size in bytes (DescribeStream over MQTT answers it as {@code z})
 * @param version the object version read, never null (the store's version, or the S3 version ID; {@code null} S3
 *     version IDs of an unversioned bucket are kept as the empty string)
 * @param etag the object's entity tag when read, which a later read must match; the content SHA-256 in the gateway's
 *     own store
 * @param sha256 the SHA-256 of the bytes read when the stream pinned the file (lowercase hex), checked again before
 *     an OTA update's job is created; null for a file pinned before the gateway recorded it (not yet checked)
 */
public record PinnedFile(
        StreamFile file,
        long size,
        String version,
        String etag,
        @Nullable String sha256) {
    /** A file pinned without its content read: nothing but its size can be checked later. */
    public PinnedFile(StreamFile file, long size, String version, String etag) {
        this(file, size, version, etag, null);
    }

    public int fileId() {
        return file.fileId();
    }
}
