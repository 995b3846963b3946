package io.thingcore.jobs.service;

import io.thingcore.jobs.model.JobExecution;
import java.util.List;

/** {@code GetPendingJobExecutions}: a thing's IN_PROGRESS and QUEUED executions. */
public record PendingExecutions(List<JobExecution> inProgressJobs, List<JobExecution> queuedJobs) {
    public PendingExecutions {
        inProgressJobs = List.copyOf(inProgressJobs);
        queuedJobs = List.copyOf(queuedJobs);
    }
}
