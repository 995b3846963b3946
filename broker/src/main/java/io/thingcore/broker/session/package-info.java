/**
 * MQTT sessions and the session stage of the pipeline: {@link io.thingcore.broker.session.SessionStage}, one pipeline
 * handler that hands each packet of a connected client to the handler of its type
 * ({@link io.thingcore.broker.session.PublishHandler}, {@code PubAckHandler}, {@code SubscribeHandler},
 * {@code UnsubscribeHandler}, {@code PingHandler}, {@code DisconnectHandler}), stateless and shared by every
 * connection, on the connection's event loop; {@code ConnectionEndHandler} refuses any other packet and ends the
 * connection when the channel closes (will, session detach, lifecycle event);
 * {@link io.thingcore.broker.session.KeepAliveTimer} closes a connection silent for 1.5 times its keep-alive;
 * {@link io.thingcore.broker.session.Connection} is the one object holding a connection's state;
 * {@link io.thingcore.broker.session.Session} holds subscriptions, the QoS 1 in-flight window and the queue;
 * {@link io.thingcore.broker.session.SessionRegistry} maps client IDs to sessions (takeover, clean start, expiry,
 * restore after a restart); {@link io.thingcore.broker.session.SessionWriter} writes the changes of persistent
 * sessions to the {@code SessionStore} SPI on its own thread, and a QoS 1 PUBACK for a message it had to store is sent
 * only once the store has it.
 *
 * <p>Threads: a session is touched by its connection's event loop and by publishers' event loops delivering to it;
 * its state is guarded by its own monitor, held only for in-memory work (no I/O; channel writes from another thread
 * only enqueue; store changes are only handed to the writer). Registry changes per client ID are serialized by {@code ConcurrentHashMap.compute}.
 */
@NullMarked
package io.thingcore.broker.session;

import org.jspecify.annotations.NullMarked;
