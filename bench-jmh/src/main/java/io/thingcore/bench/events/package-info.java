/**
 * JMH benchmarks of the broker's own events ({@code io.thingcore.broker.events}): what a lifecycle event adds to each
 * connect and disconnect, which the broker publishes on the connection's event loop. Owns only the benchmark state
 * (a router, filled in its constructor and then only read, by the JMH worker thread). Run from {@code
 * bench-jmh/target/benchmarks.jar}; the build's tests only run each method once.
 */
@NullMarked
package io.thingcore.bench.events;

import org.jspecify.annotations.NullMarked;
