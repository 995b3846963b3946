package io.thingcore.jobs.model;

import org.jspecify.annotations.Nullable;

/**
 * AWS IoT API Reference, {@code PresignedUrlConfig}: kept and returned as given; thingcore does not replace
 * {@code ${aws:iot:s3-presigned-url:...}} placeholders in job documents.
 *
 * @param expiresInSec 60 to 3600, AWS's default 3600
 */
public record PresignedUrlConfig(
        @Nullable String roleArn, @Nullable Long expiresInSec) {}
