/**
 * JMH benchmarks of the broker's own work per message on its MQTT pipeline ({@code io.thingcore.broker.pipeline},
 * {@code io.thingcore.broker.session}): what an event loop does for a fan-in message between the TLS layer and the
 * socket. Owns only the benchmark state (in-memory channels with the broker's pipeline, the pre-encoded packets), on
 * the JMH worker thread. Run from {@code bench-jmh/target/benchmarks.jar}; the build's tests only run the set-up and
 * each method once.
 */
@NullMarked
package io.thingcore.bench.session;

import org.jspecify.annotations.NullMarked;
