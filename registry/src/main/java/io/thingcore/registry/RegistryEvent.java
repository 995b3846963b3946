package io.thingcore.registry;

/**
 * What changed in the registry, published after the change is committed, for consumers that keep live state (the
 * broker's read model disconnects a certificate that leaves ACTIVE, re-evaluates policies on the next operation).
 * Listeners run on the thread that committed the change and must not block.
 */
public sealed interface RegistryEvent {
    record CertificateChanged(String certificateId, CertificateStatus status) implements RegistryEvent {}

    record CaCertificateChanged(String caCertificateId) implements RegistryEvent {}

    record PolicyChanged(String policyName) implements RegistryEvent {}

    /** A policy was attached to or detached from a target, or a principal to or from a thing. */
    record AttachmentChanged(String principal) implements RegistryEvent {}

    record ThingChanged(String thingName) implements RegistryEvent {}

    /** Everything was wiped (the admin reset endpoint). */
    record Reset() implements RegistryEvent {}
}
