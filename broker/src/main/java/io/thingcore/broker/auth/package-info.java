/**
 * Authorization of MQTT operations with the policy engine: each connection owns a
 * {@link io.thingcore.broker.auth.ConnectionAuthorizer} caching its compiled policies and policy variables, refreshed
 * from the in-memory directory when a registry change concerns it (its certificate, a policy attached to it, its
 * thing) or the broker-wide {@link io.thingcore.broker.auth.AuthorizationGeneration} moves (a reset). With each
 * snapshot it keeps decisions by topic ({@code TopicDecisions}) and receive proofs by subscription filter
 * ({@code FilterProofs}), which go with the snapshot. Runs on whichever event loop performs the operation (the
 * connection's own for connect, publish and subscribe; the publisher's for delivery); lock-free, no I/O.
 */
@NullMarked
package io.thingcore.broker.auth;

import org.jspecify.annotations.NullMarked;
