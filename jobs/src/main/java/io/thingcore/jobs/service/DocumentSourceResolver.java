package io.thingcore.jobs.service;

import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;

/**
 * Reads the job document a {@code documentSource} names (AWS IoT API Reference, {@code CreateJob}: "An S3 link, or
 * S3 object URL, to the job document", e.g. {@code https://s3.amazonaws.com/bucket/key}) when the job or template is
 * created. The S3 and gateway-file sources are another room's; until one is wired, {@link #NONE} refuses every
 * source. Called on worker threads; may block.
 */
@FunctionalInterface
public interface DocumentSourceResolver {
    /**
     * The document's text.
     *
     * @throws JobsException InvalidRequest or ResourceNotFound when the source cannot be read
     */
    String resolve(String documentSource);

    DocumentSourceResolver NONE = source -> {
        throw new JobsException(
                JobsErrorType.INVALID_REQUEST,
                "documentSource is not available on this gateway (no S3 or file store is configured);"
                        + " pass the job document inline with document");
    };
}
