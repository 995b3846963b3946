/**
 * The gateway's operator endpoints: {@code GET /_thingcore/health} (readiness: the database answers within a bound,
 * the MQTT broker is listening; 200 or 503), {@code GET /_thingcore/health/live} (liveness) and
 * {@code GET /_thingcore/metrics} (Prometheus text exposition format 0.0.4). Unauthenticated, so that probes and
 * scrapers need no AWS credentials; they reveal counts and states, never a resource name, a client ID or a secret.
 * Served on the API port through a {@link io.thingcore.api.http.Mount} (on an API worker thread), or on a listener of
 * their own ({@code --metrics-bind}) whose requests run on its one worker thread. The database check runs on the
 * probe's own thread and is waited for at most {@link io.thingcore.server.ops.DatabaseProbe#TIMEOUT}; event loops
 * never wait for it.
 */
@NullMarked
package io.thingcore.server.ops;

import org.jspecify.annotations.NullMarked;
