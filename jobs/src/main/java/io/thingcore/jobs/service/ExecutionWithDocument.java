package io.thingcore.jobs.service;

import io.thingcore.jobs.model.JobExecution;

/** A job execution and its job's document, as the device-side operations return them. */
public record ExecutionWithDocument(JobExecution execution, String jobDocument) {}
