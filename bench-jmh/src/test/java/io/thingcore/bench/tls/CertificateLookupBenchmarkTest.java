package io.thingcore.bench.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.thingcore.broker.tls.AuthenticationResult;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark's set-up (which checks every presented certificate) and each benchmark once, so that a change to
 * the broker, the registry's read model or the gateway's adapter that breaks the benchmark fails the build rather than
 * the next benchmark run. Measures nothing.
 */
class CertificateLookupBenchmarkTest {
    @Test
    void setUpBuildsTheSnapshotAndRegisteredCertificatesAreAccepted() {
        CertificateLookupBenchmark benchmark = new CertificateLookupBenchmark();
        assertThatCode(benchmark::setUp).doesNotThrowAnyException();
        CertificateLookupBenchmark.Cursor cursor = new CertificateLookupBenchmark.Cursor();

        assertThat(benchmark.certificateId(cursor)).hasSize(64);
        assertThat(benchmark.findCertificate(cursor)).isPresent();
        assertThat(benchmark.findCasBySubject(cursor)).hasSize(1);
        assertThat(benchmark.authenticate(cursor)).isInstanceOf(AuthenticationResult.Accepted.class);
        assertThat(benchmark.authenticateUnknown()).isInstanceOf(AuthenticationResult.Rejected.class);
        assertThatCode(() -> benchmark.peerCertificate(cursor)).doesNotThrowAnyException();
        assertThatCode(() -> benchmark.trustManagerDecision(cursor)).doesNotThrowAnyException();
        assertThatCode(() -> benchmark.trustManagerDecisionFirstSeen(cursor)).doesNotThrowAnyException();
    }
}
