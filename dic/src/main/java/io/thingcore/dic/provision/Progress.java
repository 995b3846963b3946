package io.thingcore.dic.provision;

import java.io.PrintStream;

/** Hears about each step as it finishes; the CLI prints one line per step. */
@FunctionalInterface
public interface Progress {
    /**
     * Step {@code index} of {@code total} finished.
     *
     * @param title what the step does, e.g. "create policy DIC_POLICY"
     * @param outcome what happened, e.g. "created", "reused", "failed"
     */
    void step(int index, int total, String title, String outcome);

    /**
     * Something the run did not refuse but the user must know, e.g. that a board cannot reach the host it was given.
     * Warnings also go into {@code provision.json}.
     */
    default void warning(String message) {}

    /** Says nothing (for {@code --json}). */
    static Progress silent() {
        return (index, total, title, outcome) -> {};
    }

    /** Says nothing of the steps, and prints warnings to {@code warnings} (for {@code --json}). */
    static Progress warningsOnly(PrintStream warnings) {
        return new Progress() {
            @Override
            public void step(int index, int total, String title, String outcome) {}

            @Override
            public void warning(String message) {
                warnings.println("warning: " + message);
                warnings.flush();
            }
        };
    }

    /** {@code [3/9] create policy DIC_POLICY ... created}, one line per step; warnings on their own lines. */
    static Progress lines(PrintStream out) {
        return new Progress() {
            @Override
            public void step(int index, int total, String title, String outcome) {
                out.println("[" + index + "/" + total + "] " + title + " ... " + outcome);
                out.flush();
            }

            @Override
            public void warning(String message) {
                out.println("      warning: " + message);
                out.flush();
            }
        };
    }
}
