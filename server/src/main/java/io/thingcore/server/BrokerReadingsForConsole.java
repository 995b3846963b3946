package io.thingcore.server;

import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.console.dashboard.GatewayReadings;

/**
 * The console dashboard's readings from the broker's own counters (the ones the Prometheus endpoint exposes):
 * connections open now, PUBLISH packets received at QoS 0 and 1, and connections refused for any reason.
 */
final class BrokerReadingsForConsole implements GatewayReadings {
    private final MqttBroker broker;

    BrokerReadingsForConsole(MqttBroker broker) {
        this.broker = broker;
    }

    @Override
    public Reading read() {
        BrokerCounters counters = broker.counters();
        long refused = 0;
        for (long count : counters.refusals().values()) {
            refused += count;
        }
        return new Reading(
                broker.gauges().connections(), counters.publishesReceived(0) + counters.publishesReceived(1), refused);
    }
}
