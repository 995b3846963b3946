package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * What changed in the registry, published after the change is committed, for consumers that keep live state (the
 * broker's read model disconnects a certificate that leaves ACTIVE, re-evaluates policies on the next operation).
 * Listeners run on the registry's change-feed applier thread, for changes committed through this node or another node
 * sharing the database, one batch after another, and must not block.
 */
public sealed interface RegistryEvent {
    /** A certificate was registered, created, changed or deleted; {@code status} is null when it was deleted. */
    record CertificateChanged(
            String certificateId, @Nullable CertificateStatus status) implements RegistryEvent {}

    /** A CA certificate was registered, updated or deleted. */
    record CaCertificateChanged(String caCertificateId) implements RegistryEvent {}

    /** A policy was created or deleted, or its versions or default version changed. */
    record PolicyChanged(String policyName) implements RegistryEvent {}

    /**
     * A policy was attached to or detached from a target, or a principal to or from a thing; {@code principal} is
     * the certificate ARN.
     */
    record AttachmentChanged(String principal) implements RegistryEvent {}

    /** A thing was created, updated or deleted. */
    record ThingChanged(String thingName) implements RegistryEvent {}

    /** Everything was wiped (the admin reset endpoint). */
    record Reset() implements RegistryEvent {}
}
