package io.thingcore.broker.spi;

/**
 * How registry changes reach live connections (issue 3, "Registry changes reach live connections"); implemented by
 * the broker, called by whoever observes registry change events, from any thread. Every method returns at once.
 */
public interface BrokerControl {
    /**
     * A device certificate changed (status, attachments, or deletion). If it is no longer registered and ACTIVE, its
     * connections are disconnected at once; otherwise their authorization is re-read on the next operation. Other
     * connections keep their cached authorization.
     */
    void certificateChanged(String certificateId);

    /**
     * A CA certificate changed. Connections of device certificates registered with a CA that is no longer registered
     * are disconnected; a deactivated CA only stops new registrations (AWS IoT Developer Guide, "Manage your CA
     * certificates"), so others stay.
     */
    void caCertificateChanged(String caCertificateId);

    /**
     * A policy was created, changed (a version, the default version) or deleted: the connections whose certificate
     * has it attached re-read their policies on their next operation; others keep their cached authorization.
     */
    void policyChanged(String policyName);

    /**
     * A thing was created, updated or deleted: the connections whose policy variables may name it (the thing named
     * like the client ID, {@code iot:Connection.Thing.*}) re-read them on their next operation; others keep theirs.
     */
    void thingChanged(String thingName);

    /**
     * Anything any connection's authorization depends on may have changed (the registry was reset): every connection
     * re-reads its policies and variables on its next operation.
     */
    void authorizationChanged();
}
