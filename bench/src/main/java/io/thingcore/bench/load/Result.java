package io.thingcore.bench.load;

/**
 * One scenario's figures against one target in one round.
 *
 * @param value the headline figure, in the scenario's unit
 * @param brokerCpuMs the broker's CPU time (user + system) during the measurement, milliseconds
 * @param cpuPerUnit broker CPU per unit of work (ms per connection, ms per 1,000 messages, ...), NaN where none
 * @param units the work done in the window (connections accepted, messages delivered)
 * @param failed connections that failed, messages skipped by the open-loop pacer
 * @param generatorCpuShare the generator's own CPU time over wall time (1.0 = one core busy)
 * @param peakRssKb the broker's VmHWM after the scenario
 * @param p50Ms latency percentiles in milliseconds, NaN where not measured
 * @param probeMs the {@link SyscallProbe} on the broker's core just before this pass, milliseconds; NaN where none ran
 *     (the machine's speed at the moment the figure was taken, beside the probe of each round's start)
 */
public record Result(
        double value,
        double brokerCpuMs,
        double cpuPerUnit,
        long units,
        long failed,
        double generatorCpuShare,
        long peakRssKb,
        double p50Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        double probeMs) {

    /** {@link #probeMs} of a pass without a probe before it. */
    public static final double NO_PROBE = Double.NaN;

    /** The same figures with the probe that ran just before the pass. */
    Result withProbe(double ms) {
        return with(value, ms);
    }

    /** The same figures with another headline figure (a latency percentile, the offered rate of a search step). */
    Result withValue(double headline) {
        return with(headline, probeMs);
    }

    private Result with(double headline, double probe) {
        return new Result(
                headline,
                brokerCpuMs,
                cpuPerUnit,
                units,
                failed,
                generatorCpuShare,
                peakRssKb,
                p50Ms,
                p99Ms,
                p999Ms,
                maxMs,
                probe);
    }
}
