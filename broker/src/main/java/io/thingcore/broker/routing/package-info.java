/**
 * Topics and routing: AWS topic and filter rules ({@link io.thingcore.broker.routing.Topics}), the subscription trie
 * ({@link io.thingcore.broker.routing.TopicTree}), retained messages and the {@link io.thingcore.broker.routing.Router}
 * that fans a message out to matching sessions.
 *
 * <p>Thread-safe: matching and retained-message reads are lock-free and run on the publisher's event loop; trie
 * writes (subscribe, unsubscribe) are serialized by the trie's monitor and run on the subscriber's event loop.
 * Messages are immutable (but for the heads of their PUBLISH packets, made on first delivery and shared, see
 * {@code io.thingcore.broker.wire}); their payload is a {@code byte[]} copied once from the inbound buffer, so no
 * {@code ByteBuf} is shared across event loops (each delivery wraps the array in a new unpooled buffer that the
 * encoder releases).
 */
@NullMarked
package io.thingcore.broker.routing;

import org.jspecify.annotations.NullMarked;
