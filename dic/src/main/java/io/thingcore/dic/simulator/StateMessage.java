package io.thingcore.dic.simulator;

/** A message the device publishes: one attribute of its state. */
public record StateMessage(String topic, String payload) {
    @Override
    public String toString() {
        return topic + " " + payload;
    }
}
