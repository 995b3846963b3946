/**
 * The registry's contract: the resources AWS IoT keeps for an account (CA certificates, certificates, things, thing
 * types, policies and their versions, attachments), one store interface per resource family ({@link
 * io.thingcore.registry.CaCertificateStore}, {@link io.thingcore.registry.CertificateStore}, {@link
 * io.thingcore.registry.ThingStore}, {@link io.thingcore.registry.ThingTypeStore}, {@link
 * io.thingcore.registry.PolicyStore}, {@link io.thingcore.registry.AuthorizationQueries}) reachable from one {@link
 * io.thingcore.registry.Registry}, the rules AWS applies to them, and the change events the broker consumes. Callers
 * are the API's blocking executor and the server's wiring; implementations block on JDBC and must never be called
 * from an event loop.
 */
@NullMarked
package io.thingcore.registry;

import org.jspecify.annotations.NullMarked;
