package io.thingcore.jobs.model;

import java.util.List;

/** AWS IoT API Reference, {@code AbortConfig}: one or more criteria; the first one met cancels the job. */
public record AbortConfig(List<AbortCriteria> criteriaList) {
    public AbortConfig {
        criteriaList = List.copyOf(criteriaList);
    }
}
