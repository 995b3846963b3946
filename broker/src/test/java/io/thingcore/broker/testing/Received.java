package io.thingcore.broker.testing;

import java.nio.charset.StandardCharsets;

/** A message a test client received. */
public record Received(String topic, byte[] payload, boolean retained, int qos) {
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
