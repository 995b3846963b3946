package io.thingcore.dic.ota;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;

/**
 * Follows one job execution with DescribeJobExecution until it ends, printing a progress line whenever it changes:
 * the percentage comes from the OTA library's {@code statusDetails.receive}, {@code "<received>/<blocks>"}
 * (aws/ota-for-aws-iot-embedded-sdk {@code source/ota_mqtt.c}, {@code buildStatusMessageReceiving}).
 */
public final class JobFollower {
    private static final Pattern RECEIVE = Pattern.compile("(\\d+)/(\\d+)");
    private static final int BAR_WIDTH = 30;

    private final IotClient iot;
    private final long pollMillis;

    public JobFollower(IotClient iot, long pollMillis) {
        this.iot = Objects.requireNonNull(iot, "iot");
        this.pollMillis = pollMillis;
    }

    /** Whether a status ends the execution: every status but QUEUED and IN_PROGRESS. */
    public static boolean terminal(JobExecutionStatus status) {
        return status != JobExecutionStatus.QUEUED && status != JobExecutionStatus.IN_PROGRESS;
    }

    /** The download's percentage from {@code receive}, or null when the device has not reported one. */
    static @Nullable Integer percent(Map<String, String> statusDetails) {
        String receive = statusDetails.get("receive");
        if (receive == null) {
            return null;
        }
        Matcher m = RECEIVE.matcher(receive);
        if (!m.matches()) {
            return null;
        }
        long blocks = Long.parseLong(m.group(2));
        return blocks == 0 ? null : (int) Math.min(100, Long.parseLong(m.group(1)) * 100 / blocks);
    }

    /** One progress line: the status, a bar and the percentage while receiving, the device's other details after. */
    static String line(JobExecutionStatus status, Map<String, String> statusDetails) {
        Integer percent = percent(statusDetails);
        StringBuilder line = new StringBuilder(String.valueOf(status));
        if (percent != null && statusDetails.size() == 1) {
            int filled = percent * BAR_WIDTH / 100;
            line.append(" [")
                    .append("#".repeat(filled))
                    .append(" ".repeat(BAR_WIDTH - filled))
                    .append("] ")
                    .append(percent)
                    .append("% (")
                    .append(statusDetails.get("receive"))
                    .append(" blocks)");
        } else if (!statusDetails.isEmpty()) {
            // In key order, so that the same details always print the same line (the SDK's map has no order).
            line.append(' ').append(new java.util.TreeMap<>(statusDetails));
        }
        return line.toString();
    }

    /** Polls until the execution ends; returns it. */
    public JobExecution follow(String jobId, String thingName, Consumer<String> progress) throws InterruptedException {
        String last = null;
        while (true) {
            JobExecution execution = iot.describeJobExecution(
                            b -> b.jobId(jobId).thingName(thingName))
                    .execution();
            Map<String, String> details = execution.statusDetails() == null
                    ? Map.of()
                    : execution.statusDetails().detailsMap();
            String line = line(execution.status(), details);
            if (!line.equals(last)) {
                progress.accept(line);
                last = line;
            }
            if (terminal(execution.status())) {
                return execution;
            }
            Thread.sleep(pollMillis);
        }
    }
}
