package io.thingcore.dic.simulator;

/** A message the device publishes (QoS 0, retain 0, as {@code dic_sendmsg} does): one attribute of its state. */
public record StateMessage(String topic, String payload) {
    @Override
    public String toString() {
        return topic + " " + payload;
    }
}
