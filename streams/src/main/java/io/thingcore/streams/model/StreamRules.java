package io.thingcore.streams.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The input rules of the stream operations, from the {@code iot} API model's shapes: {@code StreamId} (1 to 128
 * characters, {@code [a-zA-Z0-9_-]+}), {@code StreamDescription} (at most 2028 characters, {@code [^\p{C}]+}),
 * {@code RoleArn} (20 to 2048 characters), {@code StreamFiles} (1 to 50 items), {@code FileId} (0 to 255),
 * {@code S3Bucket} and {@code S3Key} (at least one character). A value that breaks a rule is refused with
 * {@code InvalidRequestException} and is not echoed when it failed the character rules (it may be anything).
 */
public final class StreamRules {
    public static final int MAX_STREAM_ID = 128;
    public static final int MAX_DESCRIPTION = 2028;
    public static final int MIN_ROLE_ARN = 20;
    public static final int MAX_ROLE_ARN = 2048;
    public static final int MIN_FILES = 1;
    /**
     * {@code StreamFiles}: "Maximum number of 50 items" in the API model and the {@code CreateStream} reference page.
     */
    public static final int MAX_FILES = 50;

    public static final int MAX_FILE_ID = 255;
    /** {@code StreamVersion}: 0 to 65535; an update beyond it is refused. */
    public static final int MAX_VERSION = 65535;

    private static final Pattern STREAM_ID = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern NO_CONTROL = Pattern.compile("[^\\p{C}]+");

    private StreamRules() {}

    /** Whether {@code id} is a valid stream ID; cheap, for topic classification. */
    public static boolean isStreamId(@Nullable String id) {
        return id != null
                && !id.isEmpty()
                && id.length() <= MAX_STREAM_ID
                && STREAM_ID.matcher(id).matches();
    }

    public static String checkStreamId(@Nullable String id) {
        if (id == null || id.isEmpty()) {
            throw StreamsException.invalid("streamId is required");
        }
        if (!isStreamId(id)) {
            throw StreamsException.invalid("streamId must be 1 to " + MAX_STREAM_ID + " characters of [a-zA-Z0-9_-]");
        }
        return id;
    }

    /** Null stays null (no description). */
    public static @Nullable String checkDescription(@Nullable String description) {
        if (description == null) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw StreamsException.invalid("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (!NO_CONTROL.matcher(description).matches()) {
            throw StreamsException.invalid("description must be non-empty and contain no control characters");
        }
        return description;
    }

    public static String checkRoleArn(@Nullable String roleArn) {
        if (roleArn == null) {
            throw StreamsException.invalid("roleArn is required");
        }
        if (roleArn.length() < MIN_ROLE_ARN || roleArn.length() > MAX_ROLE_ARN) {
            throw StreamsException.invalid(
                    "roleArn must be " + MIN_ROLE_ARN + " to " + MAX_ROLE_ARN + " characters long");
        }
        return roleArn;
    }

    /** The files in file-ID order; refuses a missing, empty or too long list, a bad file ID, a duplicate ID. */
    public static List<StreamFile> checkFiles(@Nullable List<StreamFile> files) {
        if (files == null || files.size() < MIN_FILES) {
            throw StreamsException.invalid("files must list at least " + MIN_FILES + " file");
        }
        if (files.size() > MAX_FILES) {
            throw StreamsException.invalid("files must list at most " + MAX_FILES + " files");
        }
        Set<Integer> ids = new HashSet<>();
        for (StreamFile file : files) {
            if (file == null) {
                throw StreamsException.invalid("files must not contain null");
            }
            if (file.fileId() < 0 || file.fileId() > MAX_FILE_ID) {
                throw StreamsException.invalid("fileId must be 0 to " + MAX_FILE_ID);
            }
            if (!ids.add(file.fileId())) {
                throw StreamsException.invalid("fileId " + file.fileId() + " is listed twice");
            }
            S3Location location = file.s3Location();
            if (location == null) {
                throw StreamsException.invalid("s3Location is required for fileId " + file.fileId());
            }
            if (location.bucket() == null || location.bucket().isEmpty()) {
                throw StreamsException.invalid("s3Location.bucket is required for fileId " + file.fileId());
            }
            if (location.key() == null || location.key().isEmpty()) {
                throw StreamsException.invalid("s3Location.key is required for fileId " + file.fileId());
            }
        }
        return files.stream()
                .sorted(java.util.Comparator.comparingInt(StreamFile::fileId))
                .toList();
    }
}
