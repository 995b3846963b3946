/**
 * The AWS IoT Jobs domain: jobs, job executions, job templates, their statuses and configurations, the execution
 * state machine ({@link io.thingcore.jobs.model.ExecutionTransitions}), the input rules of the AWS models and AWS's
 * error types. Pure values and rules: no I/O, no clock, no threads of its own; safe on any thread.
 */
@NullMarked
package io.thingcore.jobs.model;

import org.jspecify.annotations.NullMarked;
