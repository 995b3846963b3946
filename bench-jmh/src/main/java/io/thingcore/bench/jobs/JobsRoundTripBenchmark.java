package io.thingcore.bench.jobs;

import io.thingcore.broker.services.ServiceReplies;
import io.thingcore.broker.services.ServiceRequest;
import io.thingcore.jobs.mqtt.JobsNotifier;
import io.thingcore.jobs.mqtt.JobsTopicService;
import io.thingcore.jobs.service.CreateJobRequest;
import io.thingcore.jobs.service.DocumentSourceResolver;
import io.thingcore.jobs.service.ExecutorJobsScheduler;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.jobs.store.JobStore;
import io.thingcore.registry.Account;
import io.thingcore.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Device round trips per second through the jobs MQTT service ({@link JobsTopicService#handle}, JSON in and out) and
 * its store on an SQLite file through the storage core (WAL, synchronous FULL, one writer with group commit). The broker's
 * network path is not part of it: replies go to a counter.
 *
 * <ul>
 *   <li>{@link #progressRoundTrip}: an OTA agent reporting progress: {@code start-next} (its execution is already
 *       IN_PROGRESS: a read) then {@code <jobId>/update} IN_PROGRESS with {@code statusDetails} (a write).
 *   <li>{@link #lifecycleRoundTrip}: a job's whole device side: a job is created for the thread's thing outside the
 *       measurement's logic but inside its time (CreateJob, one write), then {@code start-next} takes it
 *       QUEUED to IN_PROGRESS and {@code update} SUCCEEDED completes it (the job turns COMPLETED).
 * </ul>
 *
 * Each JMH thread is one device (its own thing), so {@code -t 4} is four devices at once on one database.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class JobsRoundTripBenchmark {
    static final Account NS = new Account("123456789012", "us-east-1");
    static final int THINGS = 64;
    static final byte[] START_NEXT = "{\"clientToken\":\"1:bench\"}".getBytes(StandardCharsets.UTF_8);
    static final byte[] PROGRESS =
            "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"10/40\"}}".getBytes(StandardCharsets.UTF_8);
    static final byte[] SUCCEEDED = "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"reason\":\"accepted v1.0.1\"}}"
            .getBytes(StandardCharsets.UTF_8);
    static final String DOCUMENT = "{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"s1\",\"files\":[{"
            + "\"filepath\":\"app.gbl\",\"filesize\":1048576,\"fileid\":0,\"certfile\":\"c\","
            + "\"sig-sha256-ecdsa\":\"MEUCIQ==\"}]}}";

    Path directory;
    Storage pool;
    ExecutorJobsScheduler scheduler;
    JobsService jobs;
    JobsTopicService service;
    final LongAdder replies = new LongAdder();
    final AtomicInteger nextThing = new AtomicInteger();
    final AtomicInteger nextJob = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        directory = Files.createTempDirectory("thingcore-jobs-bench");
        Clock clock = Clock.systemUTC();
        pool = Storage.open("jdbc:sqlite:" + directory.resolve("jobs.db"), clock);
        scheduler = new ExecutorJobsScheduler(clock);
        jobs = new JobsService(
                NS,
                JobStore.open(pool),
                clock,
                scheduler,
                thing -> true,
                DocumentSourceResolver.NONE,
                new JobsNotifier((topic, payload) -> replies.increment()));
        service = new JobsTopicService(jobs, clock);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < THINGS; i++) {
            targets.add(NS.thingArn(thing(i)));
        }
        jobs.createJob(CreateJobRequest.of("progress", targets, DOCUMENT));
        for (int i = 0; i < THINGS; i++) {
            call(thing(i), "start-next", START_NEXT);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        scheduler.close();
        pool.close();
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(directory);
    }

    static String thing(int i) {
        return "bench-thing-" + i;
    }

    /** One device: a thing of its own per JMH thread. */
    @State(Scope.Thread)
    public static class Device {
        String thing;
        String lifecycleThing;

        @Setup(Level.Trial)
        public void pick(JobsRoundTripBenchmark bench) {
            int n = bench.nextThing.getAndIncrement();
            thing = thing(n % THINGS);
            lifecycleThing = "bench-life-" + n;
        }
    }

    @Benchmark
    public long progressRoundTrip(Device device) {
        call(device.thing, "start-next", START_NEXT);
        call(device.thing, "progress/update", PROGRESS);
        return replies.sum();
    }

    @Benchmark
    public long lifecycleRoundTrip(Device device) {
        String jobId = "life-" + nextJob.incrementAndGet();
        jobs.createJob(CreateJobRequest.of(jobId, List.of(NS.thingArn(device.lifecycleThing)), DOCUMENT));
        call(device.lifecycleThing, "start-next", START_NEXT);
        call(device.lifecycleThing, jobId + "/update", SUCCEEDED);
        return replies.sum();
    }

    /** One request as the broker hands it over after authorization. */
    void call(String thing, String suffix, byte[] payload) {
        String topic = "$aws/things/" + thing + "/jobs/" + suffix;
        ServiceRequest request = new ServiceRequest(
                thing,
                "jobs",
                suffix,
                topic,
                payload,
                1,
                new ServiceRequest.Requester(thing, thing, "c0ffee", ServiceRequest.Protocol.MQTT_3_1_1),
                null,
                null);
        service.handle(request, new ServiceReplies() {
                    @Override
                    public void publishTo(String replyTopic, byte[] reply) {
                        if (replyTopic.endsWith("/rejected")) {
                            throw new IllegalStateException("rejected: " + new String(reply, StandardCharsets.UTF_8));
                        }
                        replies.increment();
                    }

                    @Override
                    public ServiceRequest request() {
                        return request;
                    }
                })
                .toCompletableFuture()
                .join();
    }
}
