package io.thingcore.jobs.model;

import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The input constraints of the AWS IoT and {@code iot-jobs-data} models (lengths, patterns, ranges of the shapes
 * named on each method); a value outside them is an InvalidRequestException and changes nothing.
 */
public final class Validation {
    /** {@code JobId}, {@code JobTemplateId}: {@code [a-zA-Z0-9_-]+}, 1 to 64. */
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** {@code ThingName}, {@code DetailsKey}: {@code [a-zA-Z0-9:_-]+}. */
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    /** {@code JobDescription}, {@code Comment}, {@code DetailsValue}: {@code [^\p{C}]+}. */
    private static final Pattern NO_CONTROL = Pattern.compile("[^\\p{C}]+");
    /** {@code ReasonCode}: {@code [\p{Upper}\p{Digit}_]+}, up to 128. */
    private static final Pattern REASON_CODE = Pattern.compile("[\\p{Upper}\\p{Digit}_]{1,128}");

    /** {@code JobDocument}: up to 32768 characters. */
    public static final int MAX_DOCUMENT = 32_768;
    /** {@code JobDescription}, {@code Comment}: up to 2028 characters. */
    public static final int MAX_DESCRIPTION = 2028;
    /** {@code TimeoutConfig}, {@code stepTimeoutInMinutes}: 1 minute to 7 days. */
    public static final long MAX_TIMEOUT_MINUTES = 10_080;
    /** {@code iot-jobs-data} {@code JobExecution.statusDetails}: "The maximum length of the value ... is 1,024". */
    public static final int MAX_DETAILS_VALUE = 1024;
    /**
     * A device's {@code clientToken}: at most 64 characters ("Max client token length (64)", OTA library,
     * {@code source/ota_mqtt.c}, {@code OTA_CLIENT_TOKEN_MAX_THINGNAME_LEN}).
     */
    public static final int MAX_CLIENT_TOKEN = 64;

    private Validation() {}

    public static String jobId(@Nullable String jobId) {
        return id("jobId", jobId);
    }

    public static String jobTemplateId(@Nullable String jobTemplateId) {
        return id("jobTemplateId", jobTemplateId);
    }

    private static String id(String member, @Nullable String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw invalid(member + " must match [a-zA-Z0-9_-]+ with 1 to 64 characters");
        }
        return value;
    }

    public static String thingName(@Nullable String thingName) {
        if (thingName == null || !THING_NAME.matcher(thingName).matches()) {
            throw invalid("thingName must match [a-zA-Z0-9:_-]+ with 1 to 128 characters");
        }
        return thingName;
    }

    public static boolean isThingName(@Nullable String value) {
        return value != null && THING_NAME.matcher(value).matches();
    }

    /** {@code JobDescription} or {@code Comment}; null stays null. */
    public static @Nullable String text(String member, @Nullable String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION || !NO_CONTROL.matcher(value).matches()) {
            throw invalid(member + " must have 1 to " + MAX_DESCRIPTION + " characters and no control characters");
        }
        return value;
    }

    public static @Nullable String reasonCode(@Nullable String value) {
        if (value != null && !REASON_CODE.matcher(value).matches()) {
            throw invalid("reasonCode must match [\\p{Upper}\\p{Digit}_]+ with up to 128 characters");
        }
        return value;
    }

    /** {@code TimeoutConfig.inProgressTimeoutInMinutes} or {@code stepTimeoutInMinutes}; null stays null. */
    public static @Nullable Long timeoutMinutes(String member, @Nullable Long minutes) {
        if (minutes != null && (minutes < 1 || minutes > MAX_TIMEOUT_MINUTES)) {
            throw invalid(member + " must be between 1 and " + MAX_TIMEOUT_MINUTES + " minutes");
        }
        return minutes;
    }

    /** {@code DetailsMap}: keys {@code [a-zA-Z0-9:_-]+} up to 128, values without control characters up to 1024. */
    public static @Nullable Map<String, String> statusDetails(@Nullable Map<String, String> details) {
        if (details == null) {
            return null;
        }
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (!THING_NAME.matcher(e.getKey()).matches()) {
                throw invalid("statusDetails keys must match [a-zA-Z0-9:_-]+ with 1 to 128 characters");
            }
            String value = e.getValue();
            if (value == null
                    || value.length() > MAX_DETAILS_VALUE
                    || !NO_CONTROL.matcher(value).matches()) {
                throw invalid("statusDetails values must be strings of 1 to " + MAX_DETAILS_VALUE
                        + " characters without control characters");
            }
        }
        return details;
    }

    public static JobsException invalid(String message) {
        return new JobsException(JobsErrorType.INVALID_REQUEST, message);
    }
}
