package io.thingcore.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DashboardHistoryTest {
    final AtomicReference<GatewayReadings.Reading> reading =
            new AtomicReference<>(new GatewayReadings.Reading(0, 1_000, 5));
    final CertificateExpiries expiries = (before, limit) ->
            List.of(new CertificateExpiries.Expiring("abc", "ACTIVE", Instant.parse("2026-12-20T00:00:00Z")));
    final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void eachMinuteShowsWhatHappenedDuringIt() {
        DashboardHistory history = new DashboardHistory(reading::get, expiries, clock);
        reading.set(new GatewayReadings.Reading(3, 1_600, 7));
        history.sample();
        reading.set(new GatewayReadings.Reading(2, 1_600, 7));
        history.sample();

        assertThat(history.samples())
                .extracting(
                        DashboardHistory.MinuteSample::connectedClients,
                        DashboardHistory.MinuteSample::messagesReceived,
                        DashboardHistory.MinuteSample::connectionsRefused)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, 600L, 2L),
                        org.assertj.core.groups.Tuple.tuple(2, 0L, 0L));
    }

    @Test
    void keepsOnlyTheLastHourAndTheLastEvents() {
        DashboardHistory history = new DashboardHistory(reading::get, expiries, clock);
        for (int minute = 0; minute < 90; minute++) {
            reading.set(new GatewayReadings.Reading(minute, 1_000 + minute * 10L, 5));
            history.sample();
        }
        for (int i = 0; i < 50; i++) {
            history.record(
                    new DashboardHistory.LifecycleEvent("$aws/events/presence/connected/c" + i, "{}", clock.instant()));
        }

        assertThat(history.samples()).hasSize(DashboardHistory.MINUTES);
        assertThat(history.samples().get(0).connectedClients()).isEqualTo(30);
        assertThat(history.events()).hasSize(DashboardHistory.EVENTS);
        assertThat(history.events().get(0).topic()).endsWith("/c49");

        ObjectNode json = history.json();
        assertThat(json.get("connectedClients").asInt()).isEqualTo(89);
        assertThat(json.get("minutes")).hasSize(DashboardHistory.MINUTES);
        assertThat(json.get("currentMinute").get("messagesReceived").asLong()).isZero();
        assertThat(json.get("expiringCertificates").get(0).get("certificateId").asText())
                .isEqualTo("abc");
        assertThat(json.get("lifecycleEvents").get(0).get("topic").asText()).endsWith("/c49");
    }
}
