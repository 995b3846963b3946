/**
 * JMH benchmarks of the broker's PUBLISH encoding ({@code io.thingcore.broker.wire}): a message's deliveries written
 * by Netty's {@code MqttEncoder} against the broker's shared-head {@code PublishEncoder}. Owns only the benchmark
 * state (an in-memory channel with the encoders, the message's payload), on the JMH worker thread. Run from
 * {@code bench-jmh/target/benchmarks.jar}; the build's tests only run the set-up and each method once.
 */
@NullMarked
package io.thingcore.bench.wire;

import org.jspecify.annotations.NullMarked;
