package io.thingcore.registry;

import java.util.function.Consumer;

/**
 * The AWS IoT registry of one namespace (an account in a region): every control-plane operation the gateway serves,
 * with AWS's validation, status and deletion rules, grouped by resource family. This is the one implementation of
 * each rule: the HTTP API and the web console both call it. Every operation either applies its whole change durably
 * (committed to disk before it returns) or throws a {@link RegistryException} and changes nothing. Blocking: call
 * from a worker thread, never from an event loop.
 *
 * <p>A new resource family (shadows, jobs, streams, retained messages, groups) is a new store with its own package,
 * tables and migration track beside these, not a branch in them (docs/adr/0007-storage-core-namespaces-and-change-feed.md).
 */
public interface Registry extends AutoCloseable {

    /** The namespace this registry's operations act in: their keys, their ARNs. */
    Account account();

    /**
     * The same registry acting in another namespace (another account or region): no resource of one namespace is
     * visible in another. The returned view shares this registry's database and listeners; closing it does nothing.
     */
    Registry forNamespace(Account namespace);

    CaCertificateStore caCertificates();

    CertificateStore certificates();

    ThingStore things();

    ThingTypeStore thingTypes();

    PolicyStore policies();

    AuthorizationQueries authorization();

    /**
     * Registers a listener for committed changes of the default namespace (the one the gateway was opened with and
     * the broker serves); see {@link RegistryEvent}.
     */
    void addListener(Consumer<RegistryEvent> listener);

    /** Deletes every resource of this namespace (the admin reset endpoint, off unless enabled). */
    void reset();

    @Override
    void close();
}
