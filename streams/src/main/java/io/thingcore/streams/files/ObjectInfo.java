package io.thingcore.streams.files;

/**
 * What a {@link StreamFileSource} found at a location.
 *
 * @param size the object's size in bytes
 * @param version the version read: the S3 version ID ({@code ""} in an unversioned bucket), or the store's version
 * @param etag the entity tag a later read must match
 */
public record ObjectInfo(long size, String version, String etag) {}
