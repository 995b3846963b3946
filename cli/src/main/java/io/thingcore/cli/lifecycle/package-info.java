/**
 * A gateway as other processes see it, through its data directory: who holds the directory's lock
 * ({@code gateway.lock}), whether its {@code connection.json} is this run's and its ports answer (ready), the checks
 * made before a gateway starts (ports, data directory), starting one in the background ({@code up --detach}) and
 * stopping it within a bound. Runs on the command's main thread; only {@link io.thingcore.cli.lifecycle.GracefulStop}
 * runs on the JVM's shutdown-hook thread.
 */
@NullMarked
package io.thingcore.cli.lifecycle;

import org.jspecify.annotations.NullMarked;
