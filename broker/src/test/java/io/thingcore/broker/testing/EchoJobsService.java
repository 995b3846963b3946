package io.thingcore.broker.testing;

import io.thingcore.broker.services.ReservedTopicService;
import io.thingcore.broker.services.ServiceReplies;
import io.thingcore.broker.services.ServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test service on the {@code jobs} family with the request topics of AWS IoT Jobs (AWS IoT developer guide, "Jobs
 * device MQTT API"): {@code get}, {@code start-next}, {@code <jobId>/get}, {@code <jobId>/update}. It answers
 * {@code rejected} to a payload {@code reject}, fails on {@code fail}, otherwise answers {@code accepted} with
 * {@code {"thing":"<thing>","suffix":"<suffix>"}}, and also to the MQTT 5 Response Topic when there is one. While
 * {@link #gates} holds futures, each request takes the next one as its completion (so tests decide when it is taken).
 */
public final class EchoJobsService implements ReservedTopicService {
    public final List<ServiceRequest> requests = new CopyOnWriteArrayList<>();
    public final BlockingQueue<CompletableFuture<Void>> gates = new LinkedBlockingQueue<>();

    @Override
    public String family() {
        return "jobs";
    }

    @Override
    public boolean accepts(String suffix) {
        String[] levels = suffix.split("/", -1);
        return switch (levels.length) {
            case 1 -> levels[0].equals("get") || levels[0].equals("start-next");
            case 2 -> levels[1].equals("get") || levels[1].equals("update");
            default -> false;
        };
    }

    @Override
    public CompletionStage<Void> handle(ServiceRequest request, ServiceReplies replies) {
        requests.add(request);
        String text = new String(request.payload(), StandardCharsets.UTF_8);
        if (text.equals("fail")) {
            return CompletableFuture.failedFuture(new IllegalStateException("the test service failed"));
        }
        if (text.equals("reject")) {
            replies.rejected("{\"code\":\"InvalidRequest\"}".getBytes(StandardCharsets.UTF_8));
        } else {
            byte[] answer = ("{\"thing\":\"" + request.thingName() + "\",\"suffix\":\"" + request.suffix() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            replies.accepted(answer);
            if (request.responseTopic() != null) {
                replies.publishTo(request.responseTopic(), answer);
            }
        }
        CompletableFuture<Void> gate = gates.poll();
        return gate != null ? gate : CompletableFuture.completedFuture(null);
    }
}
