package io.thingcore.jobs.model;

/**
 * AWS IoT API Reference, {@code TargetSelection}: a SNAPSHOT job is complete when every target has finished; a
 * CONTINUOUS job stays IN_PROGRESS (without a scheduling configuration it never reaches COMPLETED, developer guide,
 * "Jobs and job execution states").
 */
public enum TargetSelection {
    CONTINUOUS,
    SNAPSHOT
}
