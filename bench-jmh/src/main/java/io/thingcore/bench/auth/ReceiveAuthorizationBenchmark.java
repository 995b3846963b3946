package io.thingcore.bench.auth;

import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.routing.Topics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code iot:Receive} check each delivery pays (issue 14, fan-in CPU per message): one subscriber of
 * {@value #FILTER} receiving from {@code topics} publishers in turn, under the bench's device policy ({@code
 * iot:Receive} on {@code topic/bench/*}). {@code decided} is the check per topic ({@code
 * ConnectionAuthorizer.mayReceive}: a decision kept per topic in a small table, which a thousand topics keep
 * evicting); {@code proven} is what the session asks first since the receive proofs, the filter matched against the
 * topic and its proof looked up ({@code Topics.matches}, {@code ConnectionAuthorizer.receivesEveryTopicOf}), with the
 * decision per topic behind it. Each topic is a new {@code String}, as the MQTT decoder makes one per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReceiveAuthorizationBenchmark {
    static final String FILTER = "bench/+/fanin";

    /** The bench's device policy, as the load scenarios register it for every certificate. */
    static final String BENCH_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/${iot:ClientId}\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"arn:aws:iot:*:*:topicfilter/bench/*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"arn:aws:iot:*:*:topic/bench/*\"}]}";

    @Param({"1", "1000"})
    public int topics = 1000;

    private ConnectionAuthorizer authorizer = PublishAuthorizationBenchmark.authorizer(BENCH_POLICY);
    private char[][] names = new char[0][];
    private int next;

    @Setup
    public void setUp() {
        authorizer = PublishAuthorizationBenchmark.authorizer(BENCH_POLICY);
        names = new char[topics][];
        for (int i = 0; i < topics; i++) {
            names[i] = ("bench/thingcore-bench-" + i + "/fanin").toCharArray();
        }
        if (!decided() || !proven()) {
            throw new IllegalStateException("the benchmark's delivery is not allowed");
        }
    }

    @Benchmark
    public boolean decided() {
        return authorizer.mayReceive(nextTopic());
    }

    @Benchmark
    public boolean proven() {
        String topic = nextTopic();
        return (Topics.matches(FILTER, topic, true) && authorizer.receivesEveryTopicOf(FILTER))
                || authorizer.mayReceive(topic);
    }

    private String nextTopic() {
        char[] name = names[next];
        next = next + 1 == names.length ? 0 : next + 1;
        return new String(name);
    }
}
