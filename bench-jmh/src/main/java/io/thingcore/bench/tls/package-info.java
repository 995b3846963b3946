/**
 * JMH benchmarks of the MQTT port's TLS ({@code io.thingcore.broker.tls}): finding the presented certificate and its
 * CA in the in-memory registry snapshot the broker reads during every mutual-TLS handshake, the whole decision around
 * it, a full handshake and the first record after it on the broker's BoringSSL context between in-memory channels
 * ({@link io.thingcore.bench.tls.BrokerTlsContexts}). Owns only the benchmark state (a snapshot of 100,000 certificates and the certificates presented, made
 * in {@code @Setup}, no private key kept); the snapshot is written once before measurement and then only read, by the
 * JMH worker threads. Run from {@code bench/target/benchmarks.jar}; the build's tests only run the set-up and each
 * method once.
 */
@NullMarked
package io.thingcore.bench.tls;

import org.jspecify.annotations.NullMarked;
