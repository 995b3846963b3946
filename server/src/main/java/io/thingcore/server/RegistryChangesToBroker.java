package io.thingcore.server;

import io.thingcore.broker.spi.BrokerControl;
import io.thingcore.registry.RegistryEvent;
import java.util.function.Consumer;

/**
 * Makes committed registry changes reach live MQTT connections (issue 3): a certificate that leaves ACTIVE is
 * disconnected at once, attachment and policy changes apply to the next operation of the connections they concern
 * (per certificate, per policy, per thing; a reset concerns every connection). Runs on the registry's change-feed
 * applier thread, for changes made through this node and through any other node sharing the database; every
 * {@link BrokerControl} method returns at once.
 */
final class RegistryChangesToBroker implements Consumer<RegistryEvent> {
    private static final String CERTIFICATE_ARN_MARKER = ":cert/";

    private final BrokerControl broker;

    RegistryChangesToBroker(BrokerControl broker) {
        this.broker = broker;
    }

    @Override
    public void accept(RegistryEvent event) {
        switch (event) {
            case RegistryEvent.CertificateChanged changed -> broker.certificateChanged(changed.certificateId());
            case RegistryEvent.CaCertificateChanged changed -> broker.caCertificateChanged(changed.caCertificateId());
            case RegistryEvent.AttachmentChanged changed -> {
                int marker = changed.principal().lastIndexOf(CERTIFICATE_ARN_MARKER);
                if (marker >= 0) {
                    broker.certificateChanged(changed.principal().substring(marker + CERTIFICATE_ARN_MARKER.length()));
                } else {
                    broker.authorizationChanged();
                }
            }
            case RegistryEvent.PolicyChanged changed -> broker.policyChanged(changed.policyName());
            case RegistryEvent.ThingChanged changed -> broker.thingChanged(changed.thingName());
            case RegistryEvent.Reset ignored -> broker.authorizationChanged();
        }
    }
}
