package io.thingcore.jobs.model;

import org.jspecify.annotations.Nullable;

/**
 * AWS IoT API Reference, {@code JobExecutionsRolloutConfig}: at most {@code maximumPerMinute} things are notified of
 * the job per minute (1 to 1000; developer guide, "Job rollout, scheduling, and abort configurations"). The
 * exponential rate is not offered (refused on input).
 *
 * @param maximumPerMinute things per minute, or null for all at once
 */
public record RolloutConfig(@Nullable Integer maximumPerMinute) {}
