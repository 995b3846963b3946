/**
 * What the console needs from the MQTT broker ({@link io.thingcore.console.messaging.ConsoleMessaging}, implemented by
 * the server) and the server-sent-event stream of live messages. Listeners may be called on any broker thread; the
 * stream writes only on its channel's event loop.
 */
@NullMarked
package io.thingcore.console.messaging;

import org.jspecify.annotations.NullMarked;
