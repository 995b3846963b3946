package io.thingcore.dic.provision;

import io.thingcore.dic.DicException;
import java.io.Serial;
import java.util.List;

/**
 * A run stopped at a step. The message is one paragraph: which step failed and why, what the run had already done
 * (nothing is rolled back; a re-run reuses it), and what to do.
 */
public final class ProvisionException extends DicException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int step;
    private final String stepTitle;
    private final String reason;
    private final List<String> alreadyDone;

    ProvisionException(
            int step, int total, String stepTitle, String reason, List<String> alreadyDone, Throwable cause) {
        super(message(step, total, stepTitle, reason, alreadyDone), cause);
        this.step = step;
        this.stepTitle = stepTitle;
        this.reason = reason;
        this.alreadyDone = List.copyOf(alreadyDone);
    }

    private static String message(int step, int total, String title, String reason, List<String> done) {
        StringBuilder out = new StringBuilder();
        out.append("step ")
                .append(step)
                .append('/')
                .append(total)
                .append(" (")
                .append(title)
                .append(") failed: ");
        out.append(reason);
        if (!reason.endsWith(".")) {
            out.append('.');
        }
        if (done.isEmpty()) {
            out.append(" Nothing was created.");
        } else {
            out.append(" Already done: ").append(String.join("; ", done)).append(".");
            out.append(" Nothing was rolled back: fix the cause and run the same command again, which reuses what"
                    + " exists.");
        }
        return out.toString();
    }

    /** The 1-based number of the step that failed. */
    public int step() {
        return step;
    }

    public String stepTitle() {
        return stepTitle;
    }

    /** Why the step failed, without the surrounding paragraph. */
    public String reason() {
        return reason;
    }

    /** What the run had created before it stopped, one entry per resource or file group. */
    public List<String> alreadyDone() {
        return alreadyDone;
    }
}
