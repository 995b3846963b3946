package io.thingcore.broker.spi;

/**
 * How registry changes reach live connections (issue 3, "Registry changes reach live connections"); implemented by
 * the broker, called by whoever observes registry change events, from any thread. Every method returns at once.
 */
public interface BrokerControl {
    /**
     * A device certificate changed (status, attachments, or deletion). If it is no longer registered and ACTIVE, its
     * connections are disconnected at once; otherwise their authorization is re-read on the next operation.
     */
    void certificateChanged(String certificateId);

    /**
     * A CA certificate changed. Connections of device certificates registered with a CA that is no longer registered
     * are disconnected; a deactivated CA only stops new registrations (AWS IoT Developer Guide, "Manage your CA
     * certificates"), so others stay.
     */
    void caCertificateChanged(String caCertificateId);

    /**
     * Something that any connection's authorization may depend on changed (a policy version, a policy attachment, a
     * thing's attributes or type): every connection re-reads its policies and variables on its next operation.
     */
    void authorizationChanged();
}
