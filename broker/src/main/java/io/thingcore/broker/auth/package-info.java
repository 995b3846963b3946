/**
 * Authorization of MQTT operations with the policy engine: each connection owns a
 * {@link io.thingcore.broker.auth.ConnectionAuthorizer} caching its compiled policies and policy variables, refreshed
 * from the in-memory directory when the global {@link io.thingcore.broker.auth.AuthorizationGeneration} moves (a
 * registry change). Runs on whichever event loop performs the operation (the connection's own for connect, publish
 * and subscribe; the publisher's for delivery); lock-free, no I/O.
 */
@NullMarked
package io.thingcore.broker.auth;

import org.jspecify.annotations.NullMarked;
