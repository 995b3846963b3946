package io.thingcore.broker.pipeline;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.auth.AuthorizationGeneration;
import io.thingcore.broker.events.EventPublisher;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.presence.ClientPresence;
import io.thingcore.broker.refusals.RefusedConnections;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.services.ReservedTopicServices;
import io.thingcore.broker.session.ConnectionRegistry;
import io.thingcore.broker.session.SessionRegistry;
import io.thingcore.broker.session.SessionWriter;
import io.thingcore.broker.spi.CertificateRegistrar;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.tls.CertificateAuthenticator;
import java.time.Clock;

/** The broker-wide singletons every connection's handlers share; wired with plain constructors by the broker. */
public record BrokerServices(
        BrokerConfig config,
        DeviceDirectory directory,
        CertificateRegistrar registrar,
        CertificateAuthenticator authenticator,
        AuthorizationGeneration generation,
        Router router,
        SessionRegistry sessions,
        ConnectionRegistry connections,
        Disconnector disconnector,
        EventPublisher events,
        ClientPresence presence,
        ReservedTopicServices reservedTopics,
        Clock clock,
        BrokerCounters counters,
        RefusedConnections refusals) {

    /** Wires the singletons for {@code config}. */
    public static BrokerServices create(
            BrokerConfig config, DeviceDirectory directory, CertificateRegistrar registrar, Clock clock) {
        return create(config, directory, registrar, SessionStore.NONE, clock);
    }

    /** Wires the singletons for {@code config}, storing persistent sessions in {@code sessionStore}. */
    public static BrokerServices create(
            BrokerConfig config,
            DeviceDirectory directory,
            CertificateRegistrar registrar,
            SessionStore sessionStore,
            Clock clock) {
        return create(config, directory, registrar, sessionStore, ReservedTopicServices.NONE, clock);
    }

    /**
     * Wires the singletons for {@code config}, storing persistent sessions in {@code sessionStore}, with the services
     * on reserved topics {@code reservedTopics}.
     */
    public static BrokerServices create(
            BrokerConfig config,
            DeviceDirectory directory,
            CertificateRegistrar registrar,
            SessionStore sessionStore,
            ReservedTopicServices reservedTopics,
            Clock clock) {
        Router router = new Router(config.semantics().hashMatchesParentLevel(), config.retainedQuota());
        BrokerCounters counters = new BrokerCounters();
        return new BrokerServices(
                config,
                directory,
                registrar,
                new CertificateAuthenticator(directory, config.hostNames(), config.sniRule(), clock),
                new AuthorizationGeneration(),
                router,
                new SessionRegistry(router, config.limits(), new SessionWriter(sessionStore), clock, counters),
                new ConnectionRegistry(),
                new Disconnector(),
                new EventPublisher(router, config.accountId(), clock),
                new ClientPresence(clock, config.maxSessionExpiry(), ClientPresence.DEFAULT_CAPACITY),
                reservedTopics,
                clock,
                counters,
                new RefusedConnections(clock));
    }
}
