package io.thingcore.api.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * API calls and errors per operation since start. Operation names come from the route table ({@code -} for requests
 * that matched none) and error types from the gateway's own error shapes, so the number of series is bounded by the
 * code, never by what clients send. Thread-safe.
 */
public final class ApiCounters {
    private final ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, LongAdder> errors = new ConcurrentHashMap<>();

    /** An operation and an AWS error type. */
    public record Key(String operation, String errorType) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byOperation = operation.compareTo(other.operation);
            return byOperation != 0 ? byOperation : errorType.compareTo(other.errorType);
        }
    }

    public void record(CallOutcome outcome) {
        calls.computeIfAbsent(outcome.operation(), k -> new LongAdder()).increment();
        String errorType = outcome.errorType();
        if (errorType != null) {
            errors.computeIfAbsent(new Key(outcome.operation(), errorType), k -> new LongAdder())
                    .increment();
        }
    }

    /** Calls per operation, sorted by name. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((operation, count) -> out.put(operation, count.sum()));
        return out;
    }

    /** Error responses per operation and error type, sorted. */
    public Map<Key, Long> errors() {
        Map<Key, Long> out = new TreeMap<>();
        errors.forEach((key, count) -> out.put(key, count.sum()));
        return out;
    }
}
