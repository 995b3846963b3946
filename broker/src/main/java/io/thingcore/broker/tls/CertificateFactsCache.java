package io.thingcore.broker.tls;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CertificateFacts} of the most recently presented client certificates, keyed by the lowercase hex SHA-256
 * of the DER the client presented, so that a device that connects again skips the JDK's X.509 parse and the name
 * reading (about 10 us and 30 KB of garbage per handshake, issue 14; bench-jmh {@code CertificateLookupBenchmark}).
 * The key is the same collision-resistant digest that already identifies a certificate in the registry (its
 * certificate ID), and the facts are a function of those bytes alone; the registry is still asked in every decision.
 *
 * <p>Bounded: least recently presented first out, at most {@link #CAPACITY} entries (about 1.4 KB each for an EC
 * P-256 device certificate, 5.6 MB when full), so its memory does not grow with the fleet. Shared by the event loops
 * (one lock; a hit is a hash lookup and a relink).
 */
final class CertificateFactsCache {
    /** Entries kept: a fleet's reconnecting devices beyond this are read afresh, as every device was before. */
    static final int CAPACITY = 4_096;

    private final int capacity;
    private final LinkedHashMap<String, CertificateFacts> byDigest;

    CertificateFactsCache() {
        this(CAPACITY);
    }

    CertificateFactsCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        // Access order: a hit moves the entry to the young end, so the eldest is the least recently presented.
        this.byDigest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CertificateFacts> eldest) {
                return size() > CertificateFactsCache.this.capacity;
            }
        };
    }

    /** The facts read from the DER whose SHA-256 is {@code digest}, or null. */
    synchronized @Nullable CertificateFacts get(String digest) {
        return byDigest.get(digest);
    }

    /** Keeps {@code facts} as read from the DER whose SHA-256 is {@code digest}. */
    synchronized void put(String digest, CertificateFacts facts) {
        byDigest.put(digest, facts);
    }

    synchronized int size() {
        return byDigest.size();
    }
}
