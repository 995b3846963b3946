/**
 * MQTT sessions and the session stage of the pipeline: {@link io.thingcore.broker.session.SessionHandler} handles
 * PUBLISH, SUBSCRIBE, UNSUBSCRIBE, PUBACK, PINGREQ and DISCONNECT of a connected client on its event loop;
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
package io.thingcore.broker.session;
