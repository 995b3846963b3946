/**
 * JMH benchmarks of MQTT-based file delivery ({@code io.thingcore.streams.delivery}): what one data block costs the
 * gateway once its bytes are in the block cache, as a thousand devices fetching one image make it the common case.
 * Owns only the benchmark state (a 1 MiB file in memory, a warmed cache); read by the JMH worker threads. Run from
 * {@code bench-jmh/target/benchmarks.jar}; the build's tests only run the set-up and each method once.
 */
@NullMarked
package io.thingcore.bench.streams;

import org.jspecify.annotations.NullMarked;
