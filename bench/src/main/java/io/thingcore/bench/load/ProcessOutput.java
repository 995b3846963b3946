package io.thingcore.bench.load;

import java.util.ArrayDeque;

/**
 * What a broker process has written to its stdout and stderr: the beginning (for its start-up lines and the ready
 * line), the number of characters so far (its log volume), and its latest lines, printed when a scenario fails so
 * that the broker's side of the failure (a refusal, a stack trace) is in the bench's log, not lost with the process.
 * Written by the pump thread, read by the harness's.
 */
final class ProcessOutput {
    /** The beginning kept whole: a broker's start-up output, and any error while it starts. */
    private static final int HEAD_CHARS = 1_000_000;

    private static final int TAIL_LINES = 200;

    private final StringBuilder head = new StringBuilder();
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private long chars;

    synchronized void append(String line) {
        chars += line.length() + 1;
        if (head.length() < HEAD_CHARS) {
            head.append(line).append('\n');
        }
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    synchronized boolean contains(String text) {
        return head.indexOf(text) >= 0;
    }

    /** Characters written so far, all of them (not only the kept beginning). */
    synchronized long chars() {
        return chars;
    }

    /** The latest lines, oldest first, each ending in a newline. */
    synchronized String latestLines() {
        StringBuilder text = new StringBuilder();
        tail.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    @Override
    public synchronized String toString() {
        return head.toString();
    }
}
