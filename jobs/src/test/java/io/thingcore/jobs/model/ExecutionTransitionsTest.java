package io.thingcore.jobs.model;

import static io.thingcore.jobs.model.JobExecutionStatus.CANCELED;
import static io.thingcore.jobs.model.JobExecutionStatus.FAILED;
import static io.thingcore.jobs.model.JobExecutionStatus.IN_PROGRESS;
import static io.thingcore.jobs.model.JobExecutionStatus.QUEUED;
import static io.thingcore.jobs.model.JobExecutionStatus.REJECTED;
import static io.thingcore.jobs.model.JobExecutionStatus.REMOVED;
import static io.thingcore.jobs.model.JobExecutionStatus.SUCCEEDED;
import static io.thingcore.jobs.model.JobExecutionStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every (from, to, cause) triple against the moves the developer guide ("Jobs and job execution states") and the API
 * reference (UpdateJobExecution, CancelJob, CancelJobExecution) allow, written out here independently of the code.
 */
class ExecutionTransitionsTest {
    record Move(JobExecutionStatus from, JobExecutionStatus to, ExecutionChange change) {}

    static final Set<Move> ALLOWED = Set.of(
            // a device: a pending execution to IN_PROGRESS, SUCCEEDED, FAILED or REJECTED
            new Move(QUEUED, IN_PROGRESS, ExecutionChange.DEVICE_UPDATE),
            new Move(QUEUED, SUCCEEDED, ExecutionChange.DEVICE_UPDATE),
            new Move(QUEUED, FAILED, ExecutionChange.DEVICE_UPDATE),
            new Move(QUEUED, REJECTED, ExecutionChange.DEVICE_UPDATE),
            new Move(IN_PROGRESS, IN_PROGRESS, ExecutionChange.DEVICE_UPDATE),
            new Move(IN_PROGRESS, SUCCEEDED, ExecutionChange.DEVICE_UPDATE),
            new Move(IN_PROGRESS, FAILED, ExecutionChange.DEVICE_UPDATE),
            new Move(IN_PROGRESS, REJECTED, ExecutionChange.DEVICE_UPDATE),
            new Move(QUEUED, IN_PROGRESS, ExecutionChange.START_NEXT),
            new Move(IN_PROGRESS, TIMED_OUT, ExecutionChange.TIME_OUT),
            new Move(QUEUED, CANCELED, ExecutionChange.CANCEL),
            new Move(QUEUED, CANCELED, ExecutionChange.FORCE_CANCEL),
            new Move(IN_PROGRESS, CANCELED, ExecutionChange.FORCE_CANCEL),
            new Move(QUEUED, REMOVED, ExecutionChange.REMOVE),
            new Move(IN_PROGRESS, REMOVED, ExecutionChange.REMOVE));

    @Test
    void everyTripleIsAllowedExactlyWhenAwsAllowsIt() {
        List<Move> wrong = new ArrayList<>();
        for (JobExecutionStatus from : JobExecutionStatus.values()) {
            for (JobExecutionStatus to : JobExecutionStatus.values()) {
                for (ExecutionChange change : ExecutionChange.values()) {
                    Move m = new Move(from, to, change);
                    if (ExecutionTransitions.isAllowed(from, to, change) != ALLOWED.contains(m)) {
                        wrong.add(m);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void terminalStatusesAreFinal() {
        for (JobExecutionStatus from : List.of(SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED)) {
            for (JobExecutionStatus to : JobExecutionStatus.values()) {
                for (ExecutionChange change : ExecutionChange.values()) {
                    assertThat(ExecutionTransitions.isAllowed(from, to, change)).isFalse();
                }
            }
        }
    }

    static JobExecution execution(JobExecutionStatus status) {
        Instant t = Instant.ofEpochSecond(1_700_000_000);
        return new JobExecution("job-1", "DIC_2", 1, status, Map.of(), false, t, null, t, 3, null, null);
    }

    @Test
    void aStatusNoDeviceMaySet_isAnInvalidRequest() {
        assertThatThrownBy(() -> ExecutionTransitions.check(execution(QUEUED), CANCELED, ExecutionChange.DEVICE_UPDATE))
                .isInstanceOfSatisfying(
                        JobsException.class, e -> assertThat(e.type()).isEqualTo(JobsErrorType.INVALID_REQUEST));
    }

    @Test
    void leavingATerminalStatus_isAnInvalidStateTransitionCarryingTheCurrentState() {
        JobExecution done = execution(SUCCEEDED);
        assertThatThrownBy(() -> ExecutionTransitions.check(done, IN_PROGRESS, ExecutionChange.DEVICE_UPDATE))
                .isInstanceOfSatisfying(JobsException.class, e -> {
                    assertThat(e.type()).isEqualTo(JobsErrorType.INVALID_STATE_TRANSITION);
                    assertThat(e.type().mqttCode()).isEqualTo("InvalidStateTransition");
                    assertThat(e.current()).isEqualTo(done);
                });
    }

    @Test
    void cancelingAnInProgressExecutionNeedsForce() {
        assertThatThrownBy(() -> ExecutionTransitions.check(execution(IN_PROGRESS), CANCELED, ExecutionChange.CANCEL))
                .isInstanceOfSatisfying(
                        JobsException.class,
                        e -> assertThat(e.type()).isEqualTo(JobsErrorType.INVALID_STATE_TRANSITION));
        ExecutionTransitions.check(execution(IN_PROGRESS), CANCELED, ExecutionChange.FORCE_CANCEL);
    }
}
