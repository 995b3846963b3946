/**
 * MQTT sessions and the session stage of the pipeline: {@link io.thingcore.broker.session.SessionHandler} handles
 * PUBLISH, SUBSCRIBE, UNSUBSCRIBE, PUBACK, PINGREQ and DISCONNECT of a connected client on its event loop;
 * {@link io.thingcore.broker.session.Session} holds subscriptions, the QoS 1 in-flight window and the queue (in
 * memory; durable sessions come later); {@link io.thingcore.broker.session.SessionRegistry} maps client IDs to
 * sessions (takeover, clean start, expiry).
 *
 * <p>Threads: a session is touched by its connection's event loop and by publishers' event loops delivering to it;
 * its state is guarded by its own monitor, held only for in-memory work (no I/O; channel writes from another thread
 * only enqueue). Registry changes per client ID are serialized by {@code ConcurrentHashMap.compute}.
 */
package io.thingcore.broker.session;
