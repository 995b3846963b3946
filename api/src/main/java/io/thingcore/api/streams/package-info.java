/**
 * Streams of AWS IoT MQTT-based file delivery on the control plane: CreateStream, DescribeStream, ListStreams,
 * UpdateStream, DeleteStream ({@code iot} API model, paths {@code /streams} and {@code /streams/{streamId}}). Wire
 * parsing and response shapes only; the streams module owns the rules, the store and the file checks. Runs on API
 * worker threads (the operations read stream files and write the database).
 */
@NullMarked
package io.thingcore.api.streams;

import org.jspecify.annotations.NullMarked;
