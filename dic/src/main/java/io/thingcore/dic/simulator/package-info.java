/**
 * A Matter DIC device without hardware: the lighting, lock and thermostat apps' reactions to the remote user's
 * {@code command} topic as plain Java ({@link io.thingcore.dic.simulator.DicApp}, no network, unit-tested), and
 * {@link io.thingcore.dic.simulator.SimulatedDevice}, which connects them like the firmware does (client ID = thing
 * name, keep-alive 0, QoS 0, SNI = the endpoint host) and reconnects with {@link io.thingcore.dic.simulator.Backoff}.
 * A simulated device runs entirely on one event loop: the app's state is touched by that thread only.
 */
package io.thingcore.dic.simulator;
