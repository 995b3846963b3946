/**
 * The AWS IoT HTTP API: {@link io.thingcore.api.ApiServer} serves the control plane ({@code iot}, restJson1) and
 * the data-plane entry point on one port, wire-compatible with the AWS CLI and SDKs. Sub-packages: {@code http}
 * (pipeline, routing, errors), {@code auth} (SigV4), one package per resource family, {@code admin} (reset).
 * Netty event loops parse, route and write; operations run on a bounded worker pool because the registry blocks.
 */
@NullMarked
package io.thingcore.api;

import org.jspecify.annotations.NullMarked;
