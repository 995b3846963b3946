package io.thingcore.server.ops;

import io.netty.handler.codec.http.FullHttpResponse;
import io.thingcore.api.http.Dispatcher;
import io.thingcore.api.http.Mount;

/**
 * The operator endpoints on the API port. Owns exactly their three paths (not all of {@code /_thingcore}: the
 * SigV4-signed {@code POST /_thingcore/reset} stays the control plane's).
 */
public final class OpsMount implements Mount {
    private final OpsEndpoints endpoints;

    public OpsMount(OpsEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String prefix() {
        return "/_thingcore";
    }

    @Override
    public boolean owns(String rawPath) {
        return OpsEndpoints.owns(rawPath);
    }

    @Override
    public Reply handle(Dispatcher.Incoming in, Dispatcher dispatcher) {
        FullHttpResponse response = endpoints.answer(in.method(), in.rawPath());
        if (response == null) {
            throw new IllegalStateException("not an operator endpoint: " + in.rawPath()); // owns() said it was
        }
        return new Reply.Full(response);
    }
}
