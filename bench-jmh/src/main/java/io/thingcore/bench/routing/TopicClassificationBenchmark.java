package io.thingcore.bench.routing;

import io.thingcore.broker.Limits;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import io.thingcore.broker.services.ReservedTopicService;
import io.thingcore.broker.services.ReservedTopicServices;
import io.thingcore.broker.services.ServiceReplies;
import io.thingcore.broker.services.ServiceRequest;
import io.thingcore.broker.services.ServiceRoute;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of classifying a published topic on the publisher's event loop, as {@code PublishHandler} does it for
 * every PUBLISH: the topic rules ({@link Topics#checkPublishTopic}), then, for a reserved topic only, the look-up of
 * a reserved-topic service ({@link ReservedTopicServices#route}) with three families registered (shadow, jobs,
 * streams). {@link #normalTopicRulesOnly} is the path before the services existed; {@link #normalTopic} is the same
 * topic on today's path, so the two show what the seam costs a normal PUBLISH.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TopicClassificationBenchmark {
    /** A service that takes every suffix and is never called: only classification is measured. */
    private record Family(String family) implements ReservedTopicService {
        @Override
        public boolean accepts(String suffix) {
            return true;
        }

        @Override
        public CompletionStage<Void> handle(ServiceRequest request, ServiceReplies replies) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final Limits limits = Limits.AWS;
    private ReservedTopicServices services;
    private String normalTopic;
    private String thingTopic;

    @Setup
    public void setUp() {
        services = new ReservedTopicServices(
                List.of(new Family("shadow"), new Family("jobs"), new Family("streams")), Runnable::run);
        normalTopic = "dt/thing-24680/state";
        thingTopic = "$aws/things/thing-24680/jobs/AFR_OTA-job1/update";
        if (normalTopic() != null || thingTopic() == null || normalTopicRulesOnly() != null) {
            throw new IllegalStateException("benchmark topics are not classified as intended");
        }
    }

    /** A device's telemetry topic, on the path before the services: the topic rules alone. */
    @Benchmark
    public @Nullable TopicRule normalTopicRulesOnly() {
        return Topics.checkPublishTopic(normalTopic, limits);
    }

    /** The same topic on today's publish path: the topic rules, and no service look-up. */
    @Benchmark
    public @Nullable ServiceRoute normalTopic() {
        return classify(normalTopic);
    }

    /** A jobs request ({@code $aws/things/<thing>/jobs/<jobId>/update}): the rules, then the service look-up. */
    @Benchmark
    public @Nullable ServiceRoute thingTopic() {
        return classify(thingTopic);
    }

    /** {@code PublishHandler}'s classification: null for a topic that is routed only, a route for a request. */
    private @Nullable ServiceRoute classify(String topic) {
        TopicRule rule = Topics.checkPublishTopic(topic, limits);
        return rule == TopicRule.RESERVED ? services.route(topic) : null;
    }
}
