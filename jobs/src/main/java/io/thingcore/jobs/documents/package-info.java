/**
 * The AWS IoT Jobs documents a device reads, in one place for every protocol that serves them: {@code JobExecution},
 * {@code JobExecutionSummary} and {@code JobExecutionState} ({@code iot-jobs-data} service model), and the replies
 * and {@code ErrorResponse} of the jobs device MQTT API (developer guide, "Jobs device MQTT API operations").
 * Used by the MQTT device API ({@link io.thingcore.jobs.mqtt}) and by the HTTP {@code iot-jobs-data} API. Pure
 * functions from values to JSON trees: no I/O, no state; safe on any thread.
 */
@NullMarked
package io.thingcore.jobs.documents;

import org.jspecify.annotations.NullMarked;
