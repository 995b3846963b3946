/**
 * JMH benchmarks of what the broker remembers per client ID ({@code io.thingcore.broker.presence}): the bookkeeping
 * each connection's open and end adds on its event loop, with a fleet's worth of client IDs remembered. Owns only the
 * benchmark state (filled in its constructor, then used by the JMH worker thread). Run from {@code
 * bench-jmh/target/benchmarks.jar}; the build's tests only run each method once.
 */
@NullMarked
package io.thingcore.bench.presence;

import org.jspecify.annotations.NullMarked;
