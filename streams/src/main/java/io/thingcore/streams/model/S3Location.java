package io.thingcore.streams.model;

import org.jspecify.annotations.Nullable;

/**
 * Where a stream file lives ({@code iot} API model, shape {@code S3Location}): a bucket, a key and optionally an
 * object version. Without a version the file is the object's current version when the stream is created or updated.
 *
 * @param bucket the bucket, at least one character
 * @param key the object key, at least one character
 * @param version the object version, or null for the current one
 */
public record S3Location(
        String bucket, String key, @Nullable String version) {}
