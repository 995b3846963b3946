/**
 * AWS IoT Jobs over HTTP: the control-plane operations of the {@code iot} service (jobs, job executions, job
 * templates) and the {@code iot-jobs-data} service (a device's pending, next, described and updated executions), as
 * two {@link io.thingcore.api.http.RouteFamily route families} over the jobs module's {@code JobsService}. Runs on API
 * worker threads (the service blocks on JDBC).
 */
@NullMarked
package io.thingcore.api.jobs;

import org.jspecify.annotations.NullMarked;
