/**
 * AWS IoT policy documents: parsing and validation ({@link io.thingcore.policy.PolicyDocument}), the identity of a
 * connection ({@link io.thingcore.policy.AuthorizationContext}) and evaluation
 * ({@link io.thingcore.policy.PolicyEvaluator}) with IAM semantics: explicit deny beats allow beats implicit deny.
 *
 * <p>Pure computation: no I/O (not even DNS), no threads of its own, no Netty, JDBC or HTTP. Every public type is
 * immutable and thread-safe, so a compiled document and a context can be shared by all event loops; evaluation runs
 * on the caller's thread (an MQTT event loop on every publish, subscribe and delivery) and neither blocks nor, on
 * the {@code isAllowed} path, allocates for the common resource patterns.
 */
@NullMarked
package io.thingcore.policy;

import org.jspecify.annotations.NullMarked;
