package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.RegistryEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one write transaction changed in one namespace: the rows to re-read into the directory and the events to
 * send, after commit.
 */
final class Changes {
    final Account namespace;
    final Set<String> certificates = new LinkedHashSet<>();
    final Set<String> cas = new LinkedHashSet<>();
    final Set<String> things = new LinkedHashSet<>();
    final Set<String> policies = new LinkedHashSet<>();
    final List<RegistryEvent> events = new ArrayList<>();
    boolean reset;

    Changes(Account namespace) {
        this.namespace = namespace;
    }

    void event(RegistryEvent event) {
        events.add(event);
    }

    boolean touchesDirectory() {
        return !certificates.isEmpty() || !cas.isEmpty() || !things.isEmpty() || !policies.isEmpty();
    }
}
