/**
 * Where the workflow provisions: a local thingcore gateway (its {@code connection.json}), any AWS-compatible endpoint,
 * or real AWS IoT; the {@link software.amazon.awssdk.services.iot.IotClient} for it (the same SDK client for every
 * target, so local runs exercise the real-AWS code path) and the MQTT endpoint devices connect to. Runs on the
 * caller's thread.
 */
@NullMarked
package io.thingcore.dic.endpoint;

import org.jspecify.annotations.NullMarked;
