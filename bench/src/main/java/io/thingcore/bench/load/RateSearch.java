package io.thingcore.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * How the {@code max_rate_p99} scenario steps the offered rate to find the highest one a broker sustains with a
 * bounded p99: from {@code startRate} up by {@code factor} per step until a step misses (or down by it while none has
 * met), then {@code bisections} steps halfway between the highest rate that met and the lowest that missed. A step
 * meets when the subscribers received at least {@value #MIN_ACHIEVED_SHARE} of the offered rate in its window and its
 * p99 is at most {@code p99BoundMs}. A step that misses is measured again, up to {@code retries} times, and misses
 * only if every attempt does: a p99 over a 3 s window is decided by its worst 1%, about 30 ms of it, so one pause of
 * the machine (a hypervisor's, another tenant's; seen as 100-180 ms stalls of both brokers at 3,000-6,750 msg/s on
 * a 2-vCPU guest, issue 14) would otherwise end the search for either broker at a fraction of its rate. At most
 * {@code maxSteps} windows of {@code warmup} + {@code measure} each, retries included, so the search ends by itself.
 *
 * @param startRate the first offered rate, messages per second
 * @param factor how much each step up multiplies the rate (and each step down divides it)
 * @param bisections steps between the last rate that met and the first that missed
 * @param retries how many more times a step that missed is measured before it counts as missed
 * @param maxSteps the most steps one search runs
 * @param warmup open-loop traffic at the step's rate before its window
 * @param measure each step's measurement window
 * @param p99BoundMs the p99 latency a rate must stay under, milliseconds
 */
public record RateSearch(
        double startRate,
        double factor,
        int bisections,
        int retries,
        int maxSteps,
        Duration warmup,
        Duration measure,
        double p99BoundMs) {

    /**
     * Below this share of the offered rate the broker (or its queues) did not keep up, whatever the latency of the
     * messages that did arrive.
     */
    static final double MIN_ACHIEVED_SHARE = 0.95;

    static final double DEFAULT_P99_BOUND_MS = 50;

    /**
     * 2,000 msg/s doubled per step, four bisections, a missed step measured twice, at most 18 windows of 2 s + 3 s.
     * Doubling brackets the rate in fewer windows and leaves them to the bisections: four halve a factor-2 bracket to
     * 6% of the rate that met. With x1.5 and two bisections (until 2026-12-03) thingcore's search reached its 16
     * windows after twelve steps up and a repeat, and ended on rates 11-20% apart (216,254 and 259,505 msg/s in the
     * rounds of one run), so the figure's spread was the search's, not the broker's.
     */
    static RateSearch full() {
        return new RateSearch(2000, 2, 4, 1, 18, Duration.ofSeconds(2), Duration.ofSeconds(3), DEFAULT_P99_BOUND_MS);
    }

    /** The smoke run's coarser search: doubling, one bisection, no retries, at most 8 steps of 0.5 s + 1 s. */
    static RateSearch quick() {
        return new RateSearch(2000, 2, 1, 0, 8, Duration.ofMillis(500), Duration.ofSeconds(1), DEFAULT_P99_BOUND_MS);
    }

    RateSearch withP99BoundMs(double bound) {
        return new RateSearch(startRate, factor, bisections, retries, maxSteps, warmup, measure, bound);
    }

    public RateSearch {
        if (startRate < 1 || factor <= 1 || bisections < 0 || retries < 0 || maxSteps < 1 || !(p99BoundMs > 0)) {
            throw new IllegalArgumentException(
                    "a rate search needs a positive start, bound and step count, factor > 1");
        }
    }

    /**
     * One step of a search.
     *
     * @param offered the open-loop rate the publishers were paced at, messages per second
     * @param measured its window; {@link Result#value()} is the rate delivered to the subscribers
     */
    record Step(double offered, Result measured) {}

    /** Whether {@code step} was sustained within the bound. */
    boolean meets(Step step) {
        return step.measured().value() >= MIN_ACHIEVED_SHARE * step.offered()
                && step.measured().p99Ms() <= p99BoundMs;
    }

    /**
     * Runs the search; {@code measureAt} runs one step at the offered rate it is given. Every window measured, in
     * order (a retried step appears once per attempt).
     */
    List<Step> run(DoubleFunction<Result> measureAt) {
        List<Step> steps = new ArrayList<>();
        Step highestMet = null;
        Step lowestMissed = null;
        double rate = startRate;
        int bisected = 0;
        while (steps.size() < maxSteps) {
            Step step = new Step(rate, measureAt.apply(rate));
            steps.add(step);
            for (int retry = 0; retry < retries && !meets(step) && steps.size() < maxSteps; retry++) {
                step = new Step(rate, measureAt.apply(rate));
                steps.add(step);
            }
            // Rates only rise while nothing has missed, only fall while nothing has met, and bisect between the two
            // afterwards: the latest step that met is always the highest so far, the latest that missed the lowest.
            if (meets(step)) {
                highestMet = step;
            } else {
                lowestMissed = step;
            }
            if (highestMet == null) {
                rate = Math.round(rate / factor);
            } else if (lowestMissed == null) {
                rate = Math.round(rate * factor);
            } else if (bisected++ < bisections) {
                rate = Math.round((highestMet.offered() + lowestMissed.offered()) / 2);
            } else {
                break;
            }
        }
        return steps;
    }

    /** The step with the highest offered rate that met the bound, if any did. */
    Optional<Step> best(List<Step> steps) {
        return steps.stream().filter(this::meets).max(Comparator.comparingDouble(Step::offered));
    }
}
