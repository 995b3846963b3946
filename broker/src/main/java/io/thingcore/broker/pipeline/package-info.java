/**
 * The channel pipeline: {@link io.thingcore.broker.pipeline.BrokerInitializer} builds every connection's handlers
 * in one place under the names of {@link io.thingcore.broker.pipeline.HandlerNames}; the packet read bound; the
 * decode guard and what an exception does to its connection, which the CONNECT and session stages call (not
 * pipeline entries of their own); and the one {@link io.thingcore.broker.pipeline.Disconnector} through which every
 * server-initiated close goes (reason, log line, MQTT 5 DISCONNECT). Runs on the channel's event loop; the
 * disconnector may be called from any thread and hops onto the loop.
 */
@NullMarked
package io.thingcore.broker.pipeline;

import org.jspecify.annotations.NullMarked;
