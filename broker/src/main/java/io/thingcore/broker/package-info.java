/**
 * The MQTT broker's entry point: {@link io.thingcore.broker.MqttBroker} (start, stop, registry change
 * notifications) and its {@link io.thingcore.broker.BrokerConfig}. Start and close run on the caller's thread; all
 * connection work runs on the broker's Netty event loops (see the sub-packages).
 */
@NullMarked
package io.thingcore.broker;

import org.jspecify.annotations.NullMarked;
