package io.thingcore.server;

import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.jobs.JobsDataOperations;
import io.thingcore.api.jobs.JobsOperations;
import io.thingcore.api.ota.OtaUpdateOperations;
import io.thingcore.broker.MqttBroker;
import io.thingcore.jobs.mqtt.JobsNotifier;
import io.thingcore.jobs.mqtt.JobsTopicService;
import io.thingcore.jobs.ota.OtaUpdateStore;
import io.thingcore.jobs.service.DocumentSourceResolver;
import io.thingcore.jobs.service.ExecutorJobsScheduler;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.jobs.store.JobStore;
import io.thingcore.registry.Account;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.jdbc.JdbcRegistry;
import io.thingcore.storage.Storage;
import io.thingcore.streams.control.Streams;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT Jobs in a gateway (docs/adr/0008-jobs-room-store-and-device-api.md): the jobs track on the gateway's
 * storage, one {@link JobsService} for the gateway's namespace with its timers (in-progress and step timeouts,
 * rollout, deletions) on the {@code thingcore-jobs-timer} thread, the device MQTT API on the broker's reserved-topic
 * SPI, {@code notify}/{@code notify-next} through the broker's own publish, the {@code iot} and {@code iot-jobs-data}
 * HTTP route families, and the thing deletions of the registry.
 *
 * <p>Threads: the service's operations run on the API workers and the broker's service executor; the timer thread
 * runs the timers and, handed over from the registry's publication, the executions of deleted things.
 */
final class GatewayJobs implements AutoCloseable, Consumer<RegistryEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayJobs.class);

    private final Account account;
    private final JdbcRegistry registry;
    private final Clock clock;
    private final ExecutorJobsScheduler scheduler;
    private final JobsService service;

    private GatewayJobs(
            Account account, JdbcRegistry registry, Clock clock, ExecutorJobsScheduler scheduler, JobsService service) {
        this.account = account;
        this.registry = registry;
        this.clock = clock;
        this.scheduler = scheduler;
        this.service = service;
    }

    /**
     * Applies the jobs track, creates the service and registers its device API on {@code broker}, which must not be
     * started yet; {@link #start()} resumes the timers once the broker runs.
     */
    static GatewayJobs open(Storage storage, Account account, JdbcRegistry registry, MqttBroker broker, Clock clock) {
        JobStore store = JobStore.open(storage);
        ExecutorJobsScheduler scheduler = new ExecutorJobsScheduler(clock);
        JobsService service = new JobsService(
                account,
                store,
                clock,
                scheduler,
                thingName -> thingExists(registry, account, thingName),
                DocumentSourceResolver.NONE,
                // QoS 1, as AWS IoT publishes jobs notifications to a QoS 1 subscription; never retained.
                new JobsNotifier((topic, payload) -> broker.publish(topic, payload, 1, false)));
        broker.register(new JobsTopicService(service, clock));
        GatewayJobs jobs = new GatewayJobs(account, registry, clock, scheduler, service);
        registry.addListener(jobs);
        return jobs;
    }

    private static boolean thingExists(JdbcRegistry registry, Account account, String thingName) {
        try {
            registry.forNamespace(account).things().describeThing(thingName);
            return true;
        } catch (RegistryException e) {
            if (e.type() == ErrorType.RESOURCE_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Schedules again what an earlier run left: timers, rollouts, deletions in progress. */
    void start() {
        service.start();
    }

    /** The control plane's and the {@code iot-jobs-data} plane's operations. */
    List<RouteFamily> routeFamilies() {
        return List.of(new JobsOperations(this::serviceFor, clock), new JobsDataOperations(this::serviceFor, clock));
    }

    /**
     * The OTA update operations: each update is a stream in {@code streams} and a job of this service, recorded on
     * the OTA updates' own track of {@code storage}.
     */
    RouteFamily otaUpdates(Streams streams, Storage storage) {
        return new OtaUpdateOperations(streams, this::serviceFor, OtaUpdateStore.open(storage), clock);
    }

    /** The gateway serves one namespace; the API's verifier refuses every other region before this is reached. */
    private JobsService serviceFor(Account namespace) {
        if (!namespace.equals(account)) {
            throw ApiException.invalidRequest("This gateway serves the jobs of account " + account.accountId() + " in "
                    + account.region() + " only");
        }
        return service;
    }

    /**
     * A thing deleted through the API leaves its jobs: its pending executions become REMOVED (developer guide, "Jobs
     * and job execution states"). The registry publishes a change of the thing; whether it was a deletion is read
     * back, off the registry's publication, on the timer thread.
     */
    @Override
    public void accept(RegistryEvent event) {
        if (event instanceof RegistryEvent.ThingChanged changed) {
            scheduler.schedule(clock.instant(), () -> {
                if (!thingExists(registry, account, changed.thingName())) {
                    service.thingDeleted(changed.thingName());
                }
            });
        }
    }

    @Override
    public void close() {
        scheduler.close();
        LOG.debug("jobs timers stopped");
    }
}
