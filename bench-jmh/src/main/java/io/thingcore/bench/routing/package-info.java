/**
 * JMH benchmarks of topic routing ({@code io.thingcore.broker.routing}): the cost of matching one published topic
 * against the broker's subscription trie, and of classifying it (topic rules, reserved-topic service look-up), as the
 * broker pays both on the publisher's event loop for every PUBLISH.
 * Owns only the benchmark state (a trie filled in {@code @Setup}); the trie is written once before measurement and
 * then only read, by the JMH worker threads. Run from {@code bench/target/benchmarks.jar}; the build's tests only run
 * the set-up and each method once.
 */
@NullMarked
package io.thingcore.bench.routing;

import org.jspecify.annotations.NullMarked;
