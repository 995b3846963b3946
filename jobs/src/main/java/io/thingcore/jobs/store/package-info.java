/**
 * The JDBC store of jobs: its own tables ({@code jobs}, {@code job_targets}, {@code job_executions},
 * {@code job_templates}) and numbered scripts, portable between SQLite and PostgreSQL, keyed by account and region,
 * with optimistic version checks; connections come from a {@link io.thingcore.jobs.store.ConnectionSupplier}.
 * Blocking: runs on the caller's worker or timer thread, never on an event loop.
 */
package io.thingcore.jobs.store;
