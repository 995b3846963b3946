/**
 * The floor of thingcore's stack (issue 14): {@link io.thingcore.bench.floor.FloorBroker}, the least an MQTT 3.1.1
 * broker built on the same parts as thingcore does per message (Netty's io_uring transport on one event loop,
 * netty-tcnative's BoringSSL with mutual TLS as {@code ServerTls} configures it, Netty's MQTT codec), with no registry,
 * no authorization, no sessions, no limits and no logging. {@code thingcore bench floor} runs the bench's scenarios
 * against it and against thingcore, so that the CPU a message costs the stack itself is measured, not estimated: what
 * thingcore spends above it is what its own code could still win. It is a measuring instrument, not a broker to run.
 *
 * <p>Threads: the broker's one Netty event loop does all of its work; the acceptor has a thread of its own.
 */
@NullMarked
package io.thingcore.bench.floor;

import org.jspecify.annotations.NullMarked;
