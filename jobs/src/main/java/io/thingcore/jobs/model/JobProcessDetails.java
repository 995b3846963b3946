package io.thingcore.jobs.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * AWS IoT API Reference, {@code JobProcessDetails}: the executions of a job counted by status, and the targets not yet
 * rolled out ({@code processingTargets}, null when every target has its execution).
 */
public record JobProcessDetails(
        @Nullable List<String> processingTargets,
        long numberOfCanceledThings,
        long numberOfSucceededThings,
        long numberOfFailedThings,
        long numberOfRejectedThings,
        long numberOfQueuedThings,
        long numberOfInProgressThings,
        long numberOfRemovedThings,
        long numberOfTimedOutThings) {}
