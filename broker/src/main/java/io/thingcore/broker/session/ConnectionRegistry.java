package io.thingcore.broker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Live connections by certificate ID, so registry changes reach them (issue 3). Thread-safe. */
public final class ConnectionRegistry {
    private final ConcurrentHashMap<String, Set<Connection>> byCertificate = new ConcurrentHashMap<>();

    public void add(Connection c) {
        byCertificate
                .computeIfAbsent(c.peer().certificateId(), k -> ConcurrentHashMap.newKeySet())
                .add(c);
    }

    public void remove(Connection c) {
        byCertificate.computeIfPresent(c.peer().certificateId(), (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    public List<Connection> forCertificate(String certificateId) {
        Set<Connection> set = byCertificate.get(certificateId);
        return set == null ? List.of() : List.copyOf(set);
    }

    public List<Connection> all() {
        List<Connection> out = new ArrayList<>();
        byCertificate.values().forEach(out::addAll);
        return out;
    }
}
