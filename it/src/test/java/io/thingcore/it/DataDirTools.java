package io.thingcore.it;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

/** What the data-directory fault tests share: running system tools and SQLite's integrity check. */
final class DataDirTools {
    private DataDirTools() {}

    /** Runs a system command (bounded to 30 s); whether it exited 0. */
    static boolean run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a system command (bounded to 30 s); its output, or "" when it could not run. */
    static String output(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output.strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** SQLite's {@code PRAGMA integrity_check} on {@code database}: {@code ok} when nothing is corrupt. */
    static String integrityCheck(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                ResultSet result = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            StringBuilder answer = new StringBuilder();
            while (result.next()) {
                answer.append(result.getString(1));
            }
            return answer.toString();
        }
    }
}
