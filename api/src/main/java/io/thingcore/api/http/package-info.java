/**
 * The HTTP edge shared by every operation: the Netty pipeline ({@link io.thingcore.api.http.ApiChannelInitializer}),
 * the per-connection handler that hands requests to the worker pool and writes responses in order, the deadlines of
 * request heads, bodies and idle connections ({@link io.thingcore.api.http.RequestTimeouts}), the raw-path
 * {@link io.thingcore.api.http.RouteTable}, request parsing ({@link io.thingcore.api.http.ApiRequest},
 * {@link io.thingcore.api.http.JsonBody}) and AWS-shaped responses and errors
 * ({@link io.thingcore.api.http.Responses}). Parsing, routing and writing run on Netty event loops;
 * {@link io.thingcore.api.http.Dispatcher} and operations run on the API worker pool.
 */
@NullMarked
package io.thingcore.api.http;

import org.jspecify.annotations.NullMarked;
