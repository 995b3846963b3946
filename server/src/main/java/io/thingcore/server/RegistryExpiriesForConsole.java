package io.thingcore.server;

import io.thingcore.console.dashboard.CertificateExpiries;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.jdbc.JdbcRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The console dashboard's expiring certificates, from the registry's certificate list read page by page on the API
 * worker that serves the dashboard. Only the soonest {@code limit} are kept while reading, so memory stays bounded
 * however many certificates are registered.
 */
final class RegistryExpiriesForConsole implements CertificateExpiries {
    private static final int PAGE_SIZE = 250;

    private final JdbcRegistry registry;

    RegistryExpiriesForConsole(JdbcRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<Expiring> expiringBefore(Instant before, int limit) {
        assert EventLoops.notOnEventLoop("the console dashboard's certificate expiries");
        // the latest-expiring of the kept ones on top, so it is the one replaced by a sooner one
        PriorityQueue<CertificateRecord> soonest = new PriorityQueue<>(
                Comparator.comparing(CertificateRecord::notAfter).reversed());
        String token = null;
        do {
            Page<CertificateRecord> page =
                    registry.certificates().listCertificates(new PageRequest(token, PAGE_SIZE, true));
            for (CertificateRecord certificate : page.items()) {
                if (certificate.status() == CertificateStatus.REVOKED
                        || !certificate.notAfter().isBefore(before)) {
                    continue;
                }
                soonest.add(certificate);
                if (soonest.size() > limit) {
                    soonest.poll();
                }
            }
            token = page.nextToken();
        } while (token != null);
        List<CertificateRecord> sorted = new ArrayList<>(soonest);
        sorted.sort(Comparator.comparing(CertificateRecord::notAfter));
        return sorted.stream()
                .map(c -> new Expiring(c.certificateId(), c.status().name(), c.notAfter()))
                .toList();
    }
}
