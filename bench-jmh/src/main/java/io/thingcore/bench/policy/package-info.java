/**
 * JMH benchmarks of the policy engine ({@code io.thingcore.policy}): the cost of one authorization decision as the
 * broker makes it on an event loop. Run from {@code bench/target/benchmarks.jar}; never part of the build's tests.
 */
@NullMarked
package io.thingcore.bench.policy;

import org.jspecify.annotations.NullMarked;
