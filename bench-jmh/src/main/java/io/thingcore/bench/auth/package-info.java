/**
 * JMH benchmarks of a connection's authorization as the broker's publish and delivery paths ask for it
 * ({@code io.thingcore.broker.auth.ConnectionAuthorizer}): per message, on an event loop. Run from
 * {@code bench-jmh/target/benchmarks.jar}; never part of the build's tests.
 */
@NullMarked
package io.thingcore.bench.auth;

import org.jspecify.annotations.NullMarked;
