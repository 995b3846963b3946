package io.thingcore.pki;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Small builders shared by the tests. */
final class TestPki {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private TestPki() {}

    static CertificateAuthority ca(String subject) {
        return CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                subject,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(3650)));
    }

    static LeafRequest leaf(KeyPair keys, String subject, LeafProfile profile, List<String> names) {
        return new LeafRequest(
                keys.getPublic(),
                subject,
                NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(360)),
                profile,
                names);
    }
}
