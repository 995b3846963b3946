package io.thingcore.bench.floods;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A flood run by a {@link FloodProcess} of its own, started with {@code chrt --idle 0} (sched(7): {@code SCHED_IDLE}
 * for the whole JVM, its JIT compiler and collector included). Its standard error goes to this process's.
 *
 * <p>Used by the thread that drives the run only.
 */
final class ChildFlood implements FloodLoad {
    private static final long ANSWER_SECONDS = 60;

    private final Process process;
    private final BufferedReader answers;
    private final Writer requests;

    ChildFlood(Flood flood, int port, int heldConnections, Path files) {
        List<String> command = new ArrayList<>(List.of("chrt", "--idle", "0"));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // As the launcher's manifest allows it for the gateway: netty-tcnative loads BoringSSL.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloodProcess.class.getName()));
        command.addAll(
                List.of(flood.id(), Integer.toString(port), Integer.toString(heldConnections), files.toString()));
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the flood process (Linux with chrt is needed)", e);
        }
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        expect(FloodProcess.STARTED);
    }

    @Override
    public String summary() {
        send(FloodProcess.SUMMARY);
        return expect(FloodProcess.SUMMARY)
                .substring(FloodProcess.SUMMARY.length())
                .strip();
    }

    @Override
    public void close() {
        try {
            send(FloodProcess.STOP);
            expect(FloodProcess.STOPPED);
            if (!process.waitFor(ANSWER_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the flood process did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the flood process", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private void send(String request) {
        try {
            requests.write(request + "\n");
            requests.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the flood process is gone", e);
        }
    }

    /** Reads the next line, which must start with {@code word}; the process answers within a minute or has failed. */
    private String expect(String word) {
        try {
            String line = answers.readLine();
            if (line == null || !line.startsWith(word)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "the flood process answered '" + line + "' instead of '" + word + "' (its errors are above)");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("the flood process is gone", e);
        }
    }
}
