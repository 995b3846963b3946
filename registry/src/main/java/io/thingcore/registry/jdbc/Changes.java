package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.RegistryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one write transaction changed in one namespace: the events it appends to the change feed before it commits
 * ({@link Transactions}); the feed's applier re-reads the resources they name into the directory and hands the
 * events to the listeners ({@link Publication}).
 */
final class Changes {
    final Account namespace;
    final List<RegistryEvent> events = new ArrayList<>();

    Changes(Account namespace) {
        this.namespace = namespace;
    }

    void event(RegistryEvent event) {
        events.add(event);
    }
}
