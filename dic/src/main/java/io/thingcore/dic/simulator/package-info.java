/**
 * A Silicon Labs Matter DIC board without hardware, written from the firmware's sources: the apps (lighting, on/off
 * plug, lock, thermostat, window covering) with the firmware's topics, payloads and command parsing
 * ({@link io.thingcore.dic.simulator.CommandParser}, {@link io.thingcore.dic.simulator.DicApp}), and
 * {@link io.thingcore.dic.simulator.SimulatedDevice}, which connects the way the chosen firmware generation does (TLS
 * profile, no publish on connect, no reconnection unless asked for, optional AWS OTA agent). Everything of one
 * simulated device, app state included, runs on one Netty event loop; apps need no locking.
 */
@NullMarked
package io.thingcore.dic.simulator;

import org.jspecify.annotations.NullMarked;
