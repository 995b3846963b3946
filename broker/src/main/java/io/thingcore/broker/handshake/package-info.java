/**
 * Handshake pacing: the TLS handshakes of new connections take their CPU-heavy steps one at a time per event loop, in
 * turns that alternate with the loop's I/O, and fairly between source addresses, so that a burst of new connections
 * (a fleet reconnecting, or an attacker opening sessions in a loop) cannot stall the messages of connected clients on
 * the same loop for longer than one step (docs/adr/0018-handshake-pacing.md).
 *
 * <p>{@link io.thingcore.broker.handshake.HandshakePacer} is the first handler of every connection until its handshake
 * completes; {@link io.thingcore.broker.handshake.HandshakeTurns} is the queue of one event loop. Both are confined to
 * the event loop of their channels: no locks.
 */
@NullMarked
package io.thingcore.broker.handshake;

import org.jspecify.annotations.NullMarked;
