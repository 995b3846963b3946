/**
 * The AWS IoT Jobs operations ({@link io.thingcore.jobs.service.JobsService}): the control plane, the device side,
 * rollout, timeouts, abort and completion, and the seams they need (things, document sources, a scheduler,
 * notifications). Runs on the caller's worker thread (HTTP worker, the broker's service executor) and on the
 * scheduler's timer thread; each operation is one store transaction, so no lock is held between calls.
 */
@NullMarked
package io.thingcore.jobs.service;

import org.jspecify.annotations.NullMarked;
