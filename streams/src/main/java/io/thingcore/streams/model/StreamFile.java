package io.thingcore.streams.model;

/**
 * One file of a stream as the API shows it ({@code iot} API model, shape {@code StreamFile}).
 *
 * @param fileId 0 to 255
 * @param s3Location where its bytes are, as the caller gave it
 */
public record StreamFile(int fileId, S3Location s3Location) {}
