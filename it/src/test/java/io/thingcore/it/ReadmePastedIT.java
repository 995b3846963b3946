package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.cli.lifecycle.GatewayInDataDir;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "How it is judged": the README's "Quick start" and "Matter DIC in five minutes" pasted into a shell from
 * a fresh clone, once with ports 4566 and 8883 free and once with them taken; and "The DIC walkthrough" pasted into
 * one shell after {@code ./thingcore up --detach}, with the {@code export} lines the banner printed.
 *
 * <p>How the README is pasted:
 *
 * <ul>
 *   <li>The {@code ```sh} blocks of the two sections, found by their headings in the working tree's README.md (so an
 *       edited README is what runs). A command is a line of a block, joined with the next ones while it ends with a
 *       backslash; comment-only lines are skipped. Each command runs with {@code bash -c}, exactly as written, its
 *       comment included, in the root of a {@code git clone} of this repository, with {@code HOME} a directory of the
 *       test's own ({@code ~/.thingcore} and {@code ./dic-out} are the test's).
 *   <li>The clone is given the jar this build made ({@code cli/target/thingcore.jar} copied, after the checkout, so
 *       that it is newer than every source of the clone, and its {@code lib/} linked): {@code ./thingcore} runs it
 *       without building, as it does in a clone where {@code ./thingcore} has built once. A command whose output says
 *       it is building fails the test.
 *   <li>Terminals. A command is a terminal of its own when the README says so: {@code ./thingcore up} without
 *       {@code --detach} (it runs until stopped), each command of a block whose introduction says "in N terminals",
 *       and a command commented "in a second terminal" together with the command before it (the first terminal).
 *       Such a command starts in the background, and the next one starts once it has printed its ready line ({@code
 *       thingcore is up}, or {@code subscribed to}: what the user watches for in that terminal) or has exited. Every
 *       other command runs to its end. Every command must exit 0, except the refused starts of the second case.
 *   <li>What the README says the user sees is asserted: the {@code thingcore is up} banner, {@code status},
 *       {@code stop} and the log's last line, {@code dic provision}'s step lines and the {@code ./dic-out/} files, the
 *       subscriber printing {@code light/state on}, {@code dic ota} ending {@code SUCCEEDED}.
 *   <li>Ports taken: with 4566 held, the quick start's {@code ./thingcore up} prints exactly the README's example
 *       line for the API port; with 8883 held too, the recipe's first command prints exactly its line for the MQTT
 *       port; the recipe then goes on with the command the README gives for taken ports. The OTA block is left out
 *       there: it runs the same commands on the same connection file as in the first case (about 15 s saved).
 *   <li>The DIC walkthrough is one shell session: its commands share an alias and variables ({@code iot},
 *       {@code CERT_ARN}, {@code CA_FILE}) and leave {@code mosquitto_sub} running in the background. So its block is
 *       pasted whole, comments included, into the standard input of one {@code bash}, after the {@code export} lines
 *       of the real banner, as the user copies them; see {@link #paste}. Its own clone and home: the walkthrough
 *       creates {@code DIC_POLICY}, {@code DIC_2} and {@code DIC_EXPLORER}, which {@code dic provision} would then
 *       reuse instead of creating.
 * </ul>
 *
 * <p>Ports 4566 and 8883 free is the precondition: in CI ({@code CI=true}) a busy port fails the test, elsewhere the
 * test is skipped with a message. The only other test that binds one, cli's {@code ServerCommandTest} (4566), runs in
 * an earlier module of the reactor, and failsafe runs the integration tests one at a time.
 */
class ReadmePastedIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final int API_PORT = 4566;
    private static final int MQTT_PORT = 8883;
    private static final Pattern TERMINALS = Pattern.compile("in (two|three|four|\\d+) terminals");
    private static final Pattern READY = Pattern.compile("thingcore is up|subscribed to");
    /** What the harness types after the walkthrough: with {@code set -e}, printed only if every command exited 0. */
    private static final String PASTED = "-- every pasted command exited 0 --";

    @TempDir
    Path temp;

    private final List<Ran> started = new ArrayList<>();

    @AfterEach
    void endTheTerminals() throws IOException {
        for (Ran ran : started) {
            ran.process.descendants().forEach(ProcessHandle::destroy);
            ran.process.destroy();
        }
        // A gateway that `up --detach` started in a session of its own, when the test failed before `thingcore stop`.
        GatewayInDataDir.State left = new GatewayInDataDir(home().resolve(".thingcore")).state();
        long pid = left instanceof GatewayInDataDir.Ready ready
                ? ready.pid()
                : left instanceof GatewayInDataDir.Starting starting ? starting.pid() : -1;
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void withPorts4566And8883Free() throws Exception {
        requireFree();
        Path clone = freshClone();
        String readme = Files.readString(REPOSITORY.resolve("README.md"));

        List<Block> quickStart = blocks(readme, "Quick start");
        assertThat(quickStart).hasSize(2);
        Ran up = runBlock(quickStart.get(0), clone).get(0);
        assertThat(up.terminal).as("./thingcore up runs until stopped").isTrue();
        assertThat(up.stdout())
                .contains("thingcore is up")
                .contains("API endpoint:    http://127.0.0.1:4566")
                .contains("MQTT endpoint:   localhost:8883")
                .contains("Connection file: " + home().resolve(".thingcore/connection.json"));
        // The banner as the README shows it: its labelled lines, in the same order.
        List<String> labels = exampleLines(section(readme, "Quick start")).stream()
                .filter(l -> l.matches(" {2}[A-Z][A-Za-z, ]+: .*"))
                .map(l -> l.substring(0, l.indexOf(':') + 1))
                .toList();
        assertThat(labels).contains("  API endpoint:", "  Server CA:");
        assertThat(up.stdout().lines().filter(l -> labels.stream().anyMatch(l::startsWith)))
                .map(l -> l.substring(0, l.indexOf(':') + 1))
                .containsExactlyElementsOf(labels);
        List<Ran> statusAndStop = runBlock(quickStart.get(1), clone);
        assertThat(statusAndStop.get(0).stdout()).startsWith("thingcore is running (pid ");
        assertThat(statusAndStop.get(1).stdout()).contains("thingcore stopped");
        assertThat(up.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The gateway logs on stderr.
        assertThat(lastLine(up.stderr())).endsWith("stopped, 0 clients disconnected");

        List<Block> recipe = blocks(readme, "Matter DIC in five minutes");
        assertThat(recipe).hasSize(3);
        List<Ran> upAndProvision = runBlock(recipe.get(0), clone);
        assertThat(upAndProvision.get(0).stdout()).contains("thingcore is up").contains("Running in the background");
        provisioned(upAndProvision.get(1), clone);

        theSubscriberPrintsTheToggledLight(runBlock(recipe.get(1), clone));

        List<Ran> ota = runBlock(recipe.get(2), clone);
        Ran dicOta = ota.get(ota.size() - 1);
        assertThat(dicOta.command).startsWith("./thingcore dic ota");
        assertThat(lastLine(dicOta.stdout())).startsWith("SUCCEEDED {reason=accepted");

        stopped(readme, clone);
    }

    @Test
    void withPorts4566And8883Taken() throws Exception {
        requireFree();
        Path clone = freshClone();
        String readme = Files.readString(REPOSITORY.resolve("README.md"));
        List<String> refusals = exampleLines(section(readme, "Quick start")).stream()
                .filter(l -> l.startsWith("thingcore: "))
                .toList();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        try (ServerSocket api = new ServerSocket(API_PORT, 1, loopback)) {
            // LocalStack's port: the quick start's `./thingcore up` says so, as the README shows.
            Ran up = runBlock(blocks(readme, "Quick start").get(0), clone, true).get(0);
            assertThat(up.exitCode()).as(api + " held").isEqualTo(1);
            assertThat(up.stderr().strip()).isEqualTo(refusal(refusals, "API port 4566"));

            try (ServerSocket mqtt = new ServerSocket(MQTT_PORT, 1, loopback)) {
                List<Block> recipe = blocks(readme, "Matter DIC in five minutes");
                Block first = recipe.get(0);
                Ran refused = run(first.commands.get(0), false, clone, true);
                assertThat(refused.exitCode()).as(mqtt + " held").isEqualTo(1);
                assertThat(refused.stderr().strip()).isEqualTo(refusal(refusals, "MQTT port 8883"));

                // What the README says to do then, instead of that first command.
                String instead = codeSpans(section(readme, "Matter DIC in five minutes")).stream()
                        .filter(c -> c.contains("--api-port 0") && c.contains("--mqtt-port 0"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(
                                "the five-minute section says what to run when ports 4566 and 8883 are taken"));
                Ran upElsewhere = run(instead, false, clone, false);
                assertThat(upElsewhere.stdout())
                        .contains("thingcore is up")
                        .doesNotContain(":4566")
                        .doesNotContain(":8883");
                Ran provision = run(first.commands.get(1), false, clone, false);
                provisioned(provision, clone);
                theSubscriberPrintsTheToggledLight(runBlock(recipe.get(1), clone));
                stopped(readme, clone);
            }
        }
    }

    @Test
    void theDicWalkthroughPastedAfterUpDetach() throws Exception {
        requireFree();
        ExternalTools.require(ExternalTools.versionLine("openssl", "version").isPresent(), "openssl");
        ExternalTools.require(
                ExternalTools.onPath("mosquitto_pub").isPresent()
                        && ExternalTools.onPath("mosquitto_sub").isPresent(),
                "mosquitto clients (Debian package mosquitto-clients)");
        Optional<Path> awsCli = AwsCliDicWorkflowIT.awsCliOfMajorVersion(2);
        ExternalTools.require(awsCli.isPresent(), "AWS CLI v2 (Debian package awscli, /usr/bin/aws)");
        Path clone = freshClone();
        String readme = Files.readString(REPOSITORY.resolve("README.md"));
        List<String> texts = shTexts(section(readme, "The DIC walkthrough"));
        assertThat(texts).hasSize(1);
        String walkthrough = texts.get(0);

        // The gateway as the section's introduction says, in a terminal the paste can follow.
        String up = codeSpans(blocks(readme, "The DIC walkthrough").get(0).introduction()).stream()
                .filter(c -> c.startsWith("./thingcore up") && c.contains("--detach"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the walkthrough says to start with ./thingcore up --detach"));
        Ran started = run(up, false, clone, false);
        assertThat(started.stdout()).contains("thingcore is up").contains("Running in the background");
        List<String> exports =
                started.stdout().lines().filter(l -> l.startsWith("export ")).toList();
        assertThat(exports)
                .as(started.stdout())
                .anyMatch(l -> l.startsWith("export AWS_ACCESS_KEY_ID="))
                .anyMatch(l -> l.startsWith("export AWS_SECRET_ACCESS_KEY="))
                .anyMatch(l -> l.startsWith("export AWS_DEFAULT_REGION="));
        Matcher mqtt = Pattern.compile("MQTT endpoint: +([^ :]+):(\\d+) ").matcher(started.stdout());
        assertThat(mqtt.find()).as(started.stdout()).isTrue();
        String host = mqtt.group(1);
        String port = mqtt.group(2);

        Ran shell = paste(String.join("\n", exports) + "\n" + walkthrough, clone, awsCli.get());

        // describe-endpoint prints the address the README's comment shows, the banner's MQTT host, which the
        // mosquitto commands connect to.
        Matcher said = Pattern.compile("\"endpointAddress\": \"([^\"]+)\"").matcher(walkthrough);
        assertThat(said.find())
                .as("the walkthrough says what describe-endpoint prints")
                .isTrue();
        assertThat(shell.stdout()).as(shell.output()).contains(said.group());
        assertThat(said.group(1)).isEqualTo(host);
        assertThat(walkthrough)
                .contains("mosquitto_sub -h " + host + " -p " + port + " ")
                .contains("mosquitto_pub -h " + host + " -p " + port + " ");

        // The explorer, in the background, prints what the device published.
        Matcher prints = Pattern.compile("# the explorer prints: (.+)").matcher(walkthrough);
        assertThat(prints.find())
                .as("the walkthrough says what the explorer prints")
                .isTrue();
        String message = prints.group(1).strip();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!shell.stdout().lines().toList().contains(message) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(shell.stdout().lines().filter(message::equals))
                .as(shell.output())
                .hasSize(1);
        List<ProcessHandle> explorer = shell.process
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/mosquitto_sub"))
                .toList();
        assertThat(explorer).as("mosquitto_sub ... & still listens").hasSize(1);
        // What the user does once done (`kill %1`): a subscriber left connected would count in the gateway's
        // "stopped, N clients disconnected".
        explorer.get(0).destroy();
        explorer.get(0).onExit().get(30, TimeUnit.SECONDS);

        stopped(readme, clone);
        assertThat(lastLine(Files.readString(home().resolve(".thingcore/thingcore.log"))))
                .endsWith("stopped, 0 clients disconnected");
        shell.process.getOutputStream().close();
        assertThat(shell.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitCode()).as(shell.output()).isZero();
    }

    private void provisioned(Ran provision, Path clone) throws IOException {
        assertThat(provision.command).startsWith("./thingcore dic provision");
        List<String> steps = provision
                .stdout()
                .lines()
                .filter(l -> l.matches("\\[\\d/9] .*"))
                .toList();
        assertThat(steps).hasSize(9).contains("[4/9] create policy DIC_POLICY ... created");
        Path out = clone.resolve("dic-out");
        for (String file : List.of(
                "CA.key",
                "CA.crt",
                "device.key",
                "device.csr",
                "device.crt",
                "explorer.key",
                "explorer.csr",
                "explorer.crt",
                "firmware/README.md",
                "mqtt-explorer/server-ca.pem",
                "mqtt-explorer/explorer.crt",
                "mqtt-explorer/explorer.key",
                "mqtt-explorer/settings.json",
                "mqtt-explorer/README.md",
                "provision.json")) {
            assertThat(out.resolve(file)).as("dic-out/" + file).isRegularFile();
        }
    }

    private static void theSubscriberPrintsTheToggledLight(List<Ran> terminals) throws Exception {
        assertThat(terminals).hasSize(3).allMatch(r -> r.terminal);
        Ran board = terminals.get(0);
        Ran sub = terminals.get(1);
        assertThat(board.command).startsWith("./thingcore device simulate");
        assertThat(sub.command).startsWith("./thingcore mqtt sub");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sub.stdout().contains("light/state on") && System.nanoTime() < deadline && sub.process.isAlive()) {
            Thread.sleep(100);
        }
        assertThat(sub.stdout()).as(sub.stderr()).isEqualTo("light/state on\n");
        assertThat(sub.stderr()).startsWith("subscribed to light/# as DIC_EXPLORER.sub.");
        assertThat(board.stdout()).contains("toggle: OnOff off -> on");
        assertThat(board.stdout().lines().filter(l -> l.contains(" published ")))
                .as("like the firmware, the board publishes on a change only, never on connect")
                .singleElement()
                .asString()
                .endsWith(" published light/state on");
        assertThat(board.process.isAlive()).as("the board stays connected").isTrue();
    }

    private void stopped(String readme, Path clone) throws Exception {
        String stop = codeSpans(section(readme, "Matter DIC in five minutes")).stream()
                .filter("./thingcore stop"::equals)
                .findFirst()
                .orElseThrow();
        Ran ran = run(stop, false, clone, false);
        assertThat(ran.stdout()).contains("thingcore stopped");
        String log = Files.readString(home().resolve(".thingcore/thingcore.log"));
        assertThat(lastLine(log)).containsPattern("stopped, \\d+ clients disconnected$");
    }

    // ---- the paste ----

    private List<Ran> runBlock(Block block, Path clone) throws Exception {
        return runBlock(block, clone, false);
    }

    /** Runs a block's commands, each in its terminal; with {@code mayFail}, a failing command ends the block. */
    private List<Ran> runBlock(Block block, Path clone, boolean mayFail) throws Exception {
        List<Ran> ran = new ArrayList<>();
        List<String> commands = block.commands;
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i);
            boolean terminal = TERMINALS.matcher(block.introduction).find()
                    || secondTerminal(command)
                    || (i + 1 < commands.size() && secondTerminal(commands.get(i + 1)))
                    || (command.matches("\\./thingcore up\\b.*") && !command.contains("--detach"));
            Ran one = run(command, terminal, clone, mayFail);
            ran.add(one);
            if (mayFail && one.finished() && one.exitCode() != 0) {
                break;
            }
        }
        return ran;
    }

    private static boolean secondTerminal(String command) {
        int comment = command.indexOf(" #");
        return comment >= 0 && command.substring(comment).contains("in a second terminal");
    }

    private Ran run(String command, boolean terminal, Path clone, boolean mayFail) throws Exception {
        int n = started.size();
        Path stdout = temp.resolve("out-" + n);
        Path stderr = temp.resolve("err-" + n);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command)
                .directory(clone.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        userEnvironment(builder.environment());
        Ran ran = new Ran(command, terminal, builder.start(), stdout, stderr);
        started.add(ran);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!ran.process.isAlive()) {
                break;
            }
            if (terminal && READY.matcher(ran.stdout() + ran.stderr()).find()) {
                break;
            }
            Thread.sleep(100);
        }
        String described = "`" + command + "`\nstdout:\n" + ran.stdout() + "\nstderr:\n" + ran.stderr();
        assertThat(ran.stdout() + ran.stderr())
                .as("./thingcore ran the jar this build made: " + described)
                .doesNotContain("thingcore: building");
        if (ran.process.isAlive()) {
            assertThat(terminal).as("still running after 180 s: " + described).isTrue();
            assertThat(READY.matcher(ran.stdout() + ran.stderr()).find())
                    .as("not ready after 180 s: " + described)
                    .isTrue();
        } else if (!mayFail) {
            assertThat(ran.exitCode()).as(described).isZero();
        }
        return ran;
    }

    /**
     * Pastes {@code text} into a shell, as into the terminal the user pastes the walkthrough into, and returns once the
     * shell has run it (the shell stays open, as that terminal does: whatever it started in the background goes on).
     *
     * <p>The shell is {@code bash} reading its standard input, a pipe the test keeps open: it reads and runs one
     * command at a time, as an interactive shell runs a paste, so a command that read standard input would take the
     * rest of the paste here as it would in a terminal, and {@code &} leaves a child of this shell behind. Before the
     * paste, the harness types three lines:
     *
     * <ul>
     *   <li>{@code shopt -s expand_aliases}: bash expands aliases only in an interactive shell unless this is set, and
     *       the README's {@code alias iot=...} is meant for the interactive shell the user pastes into. Without it
     *       every {@code iot} line would be "command not found". The shell is not made interactive instead ({@code
     *       bash -i}): without a terminal, that prints prompts and job messages into the output and reads the
     *       user's startup files.
     *   <li>{@code set -e} and an {@code ERR} trap: the first command that fails ends the shell, naming itself on
     *       stderr, so the test fails with it (the user would see its error and stop there too).
     * </ul>
     *
     * <p>After the paste, it types {@code echo} of {@link #PASTED}: that line appears once every command ran.
     * {@code aws} is the AWS CLI v2 given (a link named {@code aws} in a directory of the test's own, first on
     * {@code PATH}: an {@code aws} found earlier on {@code PATH}, a pyenv shim say, may be another version); the
     * environment holds no {@code AWS_} variable but the pasted ones.
     */
    private Ran paste(String text, Path clone, Path awsCli) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("aws"), awsCli);
        int n = started.size();
        Path stdout = temp.resolve("out-" + n);
        Path stderr = temp.resolve("err-" + n);
        ProcessBuilder builder = new ProcessBuilder("bash")
                .directory(clone.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        userEnvironment(environment);
        environment.put("PATH", bin + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        Ran ran = new Ran(text, true, builder.start(), stdout, stderr);
        started.add(ran);
        String typed = "shopt -s expand_aliases\n"
                + "set -e\n"
                + "trap 'echo \"exit status $? from: $BASH_COMMAND\" >&2' ERR\n"
                + text
                + (text.endsWith("\n") ? "" : "\n")
                + "echo '" + PASTED + "'\n";
        OutputStream input = ran.process.getOutputStream();
        input.write(typed.getBytes(StandardCharsets.UTF_8));
        input.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (ran.process.isAlive()
                && !ran.stdout().lines().toList().contains(PASTED)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ran.stdout().lines().toList().contains(PASTED))
                .as(
                        "the pasted walkthrough ran to its end (%s)\n%s",
                        ran.process.isAlive() ? "still running after 180 s" : "the shell exited " + ran.exitCode(),
                        ran.output())
                .isTrue();
        return ran;
    }

    /** The user's environment: the test's home, no AWS or thingcore settings of the machine running the test. */
    private void userEnvironment(Map<String, String> environment) throws IOException {
        environment.put("HOME", home().toString());
        environment.remove("THINGCORE_JAVA_OPTS");
        environment.remove("BASH_ENV");
        environment.keySet().removeIf(k -> k.startsWith("AWS_"));
    }

    private Path home() throws IOException {
        return Files.createDirectories(temp.resolve("home"));
    }

    /**
     * A clone of this repository (its committed state; the README is read from the working tree), with the jar the
     * build made.
     */
    private Path freshClone() throws Exception {
        Path clone = temp.resolve("thingcore");
        Process git = new ProcessBuilder("git", "clone", "--quiet", "--local", REPOSITORY.toString(), clone.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as("git clone: " + output).isZero();
        Path target = Files.createDirectories(clone.resolve("cli/target"));
        Path built = REPOSITORY.resolve("cli/target");
        assertThat(built.resolve("thingcore.jar"))
                .as("the reactor builds cli before it")
                .isRegularFile();
        // Copied, not linked: a new file, younger than every file of the checkout.
        Files.copy(built.resolve("thingcore.jar"), target.resolve("thingcore.jar"));
        Files.createSymbolicLink(target.resolve("lib"), built.resolve("lib"));
        return clone;
    }

    private static void requireFree() {
        for (int port : new int[] {API_PORT, MQTT_PORT}) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                String why = "port " + port + " on 127.0.0.1 is in use (" + e.getMessage()
                        + "): the README's defaults need it free";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError(why, e);
                }
                Assumptions.abort(why);
            }
        }
    }

    // ---- reading the README ----

    /** A {@code ```sh} block: the paragraph before it and its commands. */
    record Block(String introduction, List<String> commands) {}

    record Ran(String command, boolean terminal, Process process, Path stdoutFile, Path stderrFile) {
        String stdout() throws IOException {
            return Files.readString(stdoutFile);
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }

        String output() throws IOException {
            return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
        }

        boolean finished() {
            return !process.isAlive();
        }

        int exitCode() {
            return process.exitValue();
        }
    }

    /** The text under {@code ## heading}, up to the next {@code ## } heading. */
    static String section(String readme, String heading) {
        List<String> lines = readme.lines().toList();
        int start = lines.indexOf("## " + heading);
        assertThat(start).as("README heading ## " + heading).isNotNegative();
        StringBuilder text = new StringBuilder();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            text.append(lines.get(i)).append('\n');
        }
        return text.toString();
    }

    static List<Block> blocks(String readme, String heading) {
        List<Block> blocks = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        List<String> commands = null;
        StringBuilder command = new StringBuilder();
        boolean otherFence = false;
        boolean paragraphEnded = false;
        for (String line : section(readme, heading).lines().toList()) {
            if (commands != null) {
                if (line.equals("```")) {
                    blocks.add(new Block(String.join(" ", paragraph), List.copyOf(commands)));
                    commands = null;
                    paragraph.clear();
                } else if (!command.isEmpty()) {
                    command.append('\n').append(line);
                    if (!line.endsWith("\\")) {
                        commands.add(command.toString());
                        command.setLength(0);
                    }
                } else if (!line.isBlank() && !line.strip().startsWith("#")) {
                    if (line.endsWith("\\")) {
                        command.append(line);
                    } else {
                        commands.add(line);
                    }
                }
            } else if (line.equals("```sh")) {
                commands = new ArrayList<>();
            } else if (line.startsWith("```")) {
                otherFence = !otherFence;
                paragraph.clear();
            } else if (!otherFence) {
                // The introduction of a block is the last paragraph before it (a blank line may separate them).
                if (line.isBlank()) {
                    paragraphEnded = true;
                } else {
                    if (paragraphEnded) {
                        paragraph.clear();
                        paragraphEnded = false;
                    }
                    paragraph.add(line);
                }
            }
        }
        return blocks;
    }

    /** The text of the section's {@code ```sh} blocks as a user copies them: every line, comments included. */
    static List<String> shTexts(String section) {
        List<String> texts = new ArrayList<>();
        StringBuilder text = null;
        for (String line : section.lines().toList()) {
            if (text == null) {
                if (line.equals("```sh")) {
                    text = new StringBuilder();
                }
            } else if (line.equals("```")) {
                texts.add(text.toString());
                text = null;
            } else {
                text.append(line).append('\n');
            }
        }
        return texts;
    }

    /** The lines of the section's fenced blocks that are not {@code sh}: what the README shows the user sees. */
    static List<String> exampleLines(String section) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        boolean inSh = false;
        for (String line : section.lines().toList()) {
            if (inSh) {
                inSh = !line.equals("```");
            } else if (line.startsWith("```") && !line.equals("```")) {
                inSh = true;
            } else if (line.equals("```")) {
                inside = !inside;
            } else if (inside) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Inline code spans of the prose. */
    static List<String> codeSpans(String section) {
        List<String> spans = new ArrayList<>();
        String prose = section.replaceAll("(?s)```.*?```", "").replace('\n', ' ');
        Matcher m = Pattern.compile("`([^`]+)`").matcher(prose);
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }

    private static String refusal(List<String> refusals, String port) {
        return refusals.stream()
                .filter(l -> l.startsWith("thingcore: " + port + " "))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("the README shows the refusal for the " + port.toLowerCase(Locale.ROOT)));
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
