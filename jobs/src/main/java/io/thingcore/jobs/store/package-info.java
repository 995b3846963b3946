/**
 * The JDBC store of jobs: its own tables ({@code jobs}, {@code job_targets}, {@code job_executions},
 * {@code job_templates}) and numbered scripts, portable between SQLite and PostgreSQL, keyed by account and region,
 * with optimistic version checks, on the storage core's {@code Database} with its own migration track.
 * Blocking: runs on the caller's worker or timer thread, never on an event loop.
 */
@NullMarked
package io.thingcore.jobs.store;

import org.jspecify.annotations.NullMarked;
