/**
 * The MQTT load generator and the side-by-side comparison of thingcore with mosquitto (issue 6): N connections with
 * N distinct client certificates over mutual TLS (netty-tcnative BoringSSL on the client side), spread over loopback
 * source addresses, open-loop fixed-rate or windowed publishing with the send time in the payload, HdrHistogram
 * latency percentiles, and the broker's CPU time and memory read from {@code /proc}. Entry point: {@link
 * io.thingcore.bench.load.Comparison}; {@code thingcore bench compare} runs it.
 */
@NullMarked
package io.thingcore.bench.load;

import org.jspecify.annotations.NullMarked;
