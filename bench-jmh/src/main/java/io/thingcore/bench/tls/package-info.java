/**
 * JMH benchmarks of the TLS trust decision ({@code io.thingcore.broker.tls}): finding the presented certificate and
 * its CA in the in-memory registry snapshot the broker reads during every mutual-TLS handshake, and the whole decision
 * around it. Owns only the benchmark state (a snapshot of 100,000 certificates and the certificates presented, made
 * in {@code @Setup}, no private key kept); the snapshot is written once before measurement and then only read, by the
 * JMH worker threads. Run from {@code bench/target/benchmarks.jar}; the build's tests only run the set-up and each
 * method once.
 */
@NullMarked
package io.thingcore.bench.tls;

import org.jspecify.annotations.NullMarked;
