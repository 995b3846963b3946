package io.thingcore.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed piece of kernel work timed on one core, so that a window's figures can be told from the machine's own speed
 * in that window (issue 14, item 5): {@code dd} copying {@value #BLOCKS} blocks of {@value #BLOCK_BYTES} bytes from
 * {@code /dev/zero} to {@code /dev/null}, two system calls and two small copies between user and kernel memory per
 * block, timed by {@code dd} itself. In a full run on 2026-12-06 both brokers' and the generator's CPU per message
 * rose by 31-62% within minutes and came back twenty minutes later, while a fixed integer loop kept its speed: the
 * machine slowed in the kernel's and memory's share of the work, which is what the brokers' figures rest on and what
 * this measures. Runs from the harness's thread between scenarios, when both brokers are idle.
 */
final class SyscallProbe {
    static final int BLOCKS = 1_000_000;
    static final int BLOCK_BYTES = 512;

    /** dd's summary line (GNU coreutils, C locale): "... bytes (...) copied, 0.123456 s, 830 MB/s". */
    private static final Pattern COPIED_SECONDS = Pattern.compile("copied, ([0-9.]+) s");

    private SyscallProbe() {}

    /** The probe's milliseconds on {@code core}; NaN when it could not run (no {@code dd}, no such core). */
    static double millis(int core) {
        ProcessBuilder builder = new ProcessBuilder(Processes.pinned(
                        core, List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=" + BLOCK_BYTES, "count=" + BLOCKS)))
                .redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Double.NaN;
            }
            return process.exitValue() == 0 ? copiedMillis(output) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The seconds dd reports in {@code output}, in milliseconds; NaN when it reports none. */
    static double copiedMillis(String output) {
        Matcher m = COPIED_SECONDS.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
    }
}
