/**
 * Events the broker publishes on reserved {@code $aws/events/...} topics with AWS's JSON payloads (AWS IoT Developer
 * Guide, "Lifecycle events" and auto-register-device-cert). Called on event loops; builds small JSON documents in
 * memory and routes them like any message (subscribers need {@code iot:Subscribe} and {@code iot:Receive}).
 */
@NullMarked
package io.thingcore.broker.events;

import org.jspecify.annotations.NullMarked;
