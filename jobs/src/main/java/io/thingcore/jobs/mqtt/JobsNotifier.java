package io.thingcore.jobs.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.jobs.documents.ExecutionDocuments;
import io.thingcore.jobs.service.JobNotifications;
import io.thingcore.jobs.service.ThingJobsChanged;

/**
 * Turns a thing's committed changes into the jobs notifications (developer guide, "Jobs notifications"):
 * {@code $aws/things/<thing>/jobs/notify} when an execution joins or leaves its pending list ({@code jobs} grouped by
 * status, empty when none is pending), and {@code $aws/things/<thing>/jobs/notify-next} when the execution start-next
 * would return changes (with its job document; without {@code execution} when none is pending). Runs on the thread
 * that committed the change.
 */
public final class JobsNotifier implements JobNotifications {
    private final ThingTopicPublisher publisher;

    public JobsNotifier(ThingTopicPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void changed(ThingJobsChanged change) {
        String prefix = "$aws/things/" + change.thingName() + "/jobs/";
        if (change.pendingChanged()) {
            ObjectNode notify = ExecutionDocuments.reply(change.at(), null);
            notify.set("jobs", ExecutionDocuments.summaries(change.pending()));
            publisher.publish(prefix + "notify", ExecutionDocuments.bytes(notify));
        }
        if (change.nextChanged()) {
            ObjectNode next = ExecutionDocuments.reply(change.at(), null);
            if (change.next() != null) {
                next.set(
                        "execution",
                        ExecutionDocuments.execution(
                                change.next(),
                                change.nextDocument(),
                                change.at(),
                                ExecutionDocuments.DocumentForm.EMBEDDED));
            }
            publisher.publish(prefix + "notify-next", ExecutionDocuments.bytes(next));
        }
    }
}
