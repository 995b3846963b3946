package io.thingcore.jobs.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.AbortCriteria;
import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TimeoutConfig;
import io.thingcore.jobs.model.Validation;
import io.thingcore.registry.Account;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the control-plane members of a job or template against the AWS IoT model (ranges and patterns of
 * {@code TimeoutConfig}, {@code JobExecutionsRolloutConfig}, {@code AbortConfig}, {@code PresignedUrlConfig},
 * {@code JobDocument}, {@code JobTargets}); each refusal is an InvalidRequestException unless noted.
 */
final class JobInputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code MaxJobExecutionsPerMin}: 1 to 1000 (developer guide, "Job rollout ... configurations"). */
    static final int MAX_PER_MINUTE = 1000;

    private JobInputs() {}

    /** The job document: JSON text of at most 32768 characters whose top level is an object. */
    static String document(String document) {
        if (document.length() > Validation.MAX_DOCUMENT) {
            throw Validation.invalid("the job document is longer than " + Validation.MAX_DOCUMENT + " characters");
        }
        try {
            JsonNode node = JSON.readTree(document);
            if (node == null || !node.isObject()) {
                throw Validation.invalid("the job document must be a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw Validation.invalid("the job document is not valid JSON");
        }
        return document;
    }

    /**
     * The thing names of {@code targets}: thing ARNs of this account and region, at least one, duplicates once.
     * Thing-group ARNs name groups this gateway does not have yet: ResourceNotFoundException, as AWS answers for a
     * group that does not exist.
     */
    static List<String> targets(Account ns, @Nullable List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw Validation.invalid("targets must name at least one thing");
        }
        Set<String> things = new LinkedHashSet<>();
        String thingPrefix = ns.arnPrefix() + "thing/";
        String groupPrefix = ns.arnPrefix() + "thinggroup/";
        for (String arn : targets) {
            if (arn == null || arn.length() > 2048) {
                throw Validation.invalid("a target must be an ARN of at most 2048 characters");
            }
            if (arn.startsWith(thingPrefix) && Validation.isThingName(arn.substring(thingPrefix.length()))) {
                things.add(arn.substring(thingPrefix.length()));
            } else if (arn.startsWith(groupPrefix)) {
                throw new JobsException(
                        JobsErrorType.RESOURCE_NOT_FOUND,
                        "thing group " + arn.substring(groupPrefix.length()) + " does not exist"
                                + " (thing groups are not available on this gateway yet)");
            } else {
                throw Validation.invalid("target " + arn + " is not a thing ARN of " + ns.arnPrefix() + "thing/");
            }
        }
        return List.copyOf(things);
    }

    static @Nullable TimeoutConfig timeout(@Nullable TimeoutConfig config) {
        if (config != null) {
            Validation.timeoutMinutes("timeoutConfig.inProgressTimeoutInMinutes", config.inProgressTimeoutInMinutes());
        }
        return config;
    }

    static @Nullable RolloutConfig rollout(@Nullable RolloutConfig config) {
        if (config != null && config.maximumPerMinute() != null) {
            int n = config.maximumPerMinute();
            if (n < 1 || n > MAX_PER_MINUTE) {
                throw Validation.invalid(
                        "jobExecutionsRolloutConfig.maximumPerMinute must be between 1 and " + MAX_PER_MINUTE);
            }
        }
        return config;
    }

    static @Nullable AbortConfig abort(@Nullable AbortConfig config) {
        if (config == null) {
            return null;
        }
        if (config.criteriaList().isEmpty()) {
            throw Validation.invalid("abortConfig.criteriaList must hold at least one criterion");
        }
        for (AbortCriteria c : config.criteriaList()) {
            if (c.failureType() == null) {
                throw Validation.invalid("abortConfig criteria need a failureType: FAILED, REJECTED, TIMED_OUT or ALL");
            }
            if (!AbortCriteria.CANCEL.equals(c.action())) {
                throw Validation.invalid("abortConfig criteria action must be CANCEL");
            }
            // AbortThresholdPercentage: at most 100, "up to two digits after the decimal".
            if (!(c.thresholdPercentage() >= 0 && c.thresholdPercentage() <= 100)
                    || BigDecimal.valueOf(c.thresholdPercentage())
                                    .stripTrailingZeros()
                                    .scale()
                            > 2) {
                throw Validation.invalid("abortConfig thresholdPercentage must be 0 to 100 with two decimals at most");
            }
            if (c.minNumberOfExecutedThings() < 1) {
                throw Validation.invalid("abortConfig minNumberOfExecutedThings must be at least 1");
            }
        }
        return config;
    }

    static @Nullable PresignedUrlConfig presignedUrl(@Nullable PresignedUrlConfig config) {
        if (config != null && config.expiresInSec() != null) {
            long s = config.expiresInSec();
            if (s < 60 || s > 3600) {
                throw Validation.invalid("presignedUrlConfig.expiresInSec must be between 60 and 3600");
            }
        }
        return config;
    }

    /** {@code LaserMaxResults}: 1 to 250; without it a page holds 50. */
    static int maxResults(@Nullable Integer maxResults) {
        if (maxResults == null) {
            return 50;
        }
        if (maxResults < 1 || maxResults > 250) {
            throw Validation.invalid("maxResults must be between 1 and 250");
        }
        return maxResults;
    }

    /** The offset an opaque {@code nextToken} stands for. */
    static int offset(@Nullable String nextToken) {
        if (nextToken == null || nextToken.isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8));
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw Validation.invalid("nextToken is not a token this gateway issued");
        }
    }

    static <T> Page<T> page(List<T> fetched, int offset, int limit) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        String token = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Integer.toString(offset + limit).getBytes(StandardCharsets.UTF_8));
        return new Page<>(fetched.subList(0, limit), token);
    }
}
