package io.thingcore.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {
    static final Function<String, @Nullable String> NO_ENVIRONMENT = name -> null;

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    Path file(String content, String mode) throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void theFileIsReadInTheAwsSharedCredentialsFormat_defaultProfile() throws IOException {
        Path file = file("""
                # the gateway's key
                [other]
                aws_access_key_id = AKIAOTHER
                aws_secret_access_key = other-secret

                [default]
                aws_access_key_id = AKIAFROMFILE
                aws_secret_access_key=secret/from+file=
                """, "rw-------");
        AdminCredentials c = AdminCredentials.resolve(file, null, null, NO_ENVIRONMENT, warnings::add);
        assertThat(c).isEqualTo(new AdminCredentials("AKIAFROMFILE", "secret/from+file="));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFileGroupOrOthersCanReadOrWrite_isRefusedWithOneLineNamingIt() throws IOException {
        for (String mode : List.of("rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-")) {
            Path file = file("[default]\naws_access_key_id=A\naws_secret_access_key=S\n", mode);
            assertThatThrownBy(() -> AdminCredentials.resolve(file, null, null, NO_ENVIRONMENT, warnings::add))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("credentials file " + file + " is accessible to group or others")
                    .hasMessageContaining("chmod 600")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aFileWithoutBothKeysInTheDefaultProfile_isRefused() throws IOException {
        Path file = file("[other]\naws_access_key_id=A\naws_secret_access_key=S\n", "rw-------");
        assertThatThrownBy(() -> AdminCredentials.resolve(file, null, null, NO_ENVIRONMENT, warnings::add))
                .hasMessageContaining("has no [default] profile with aws_access_key_id and aws_secret_access_key");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> AdminCredentials.resolve(missing, null, null, NO_ENVIRONMENT, warnings::add))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theEnvironmentIsUsedWhenNoFileOrOptionIsGiven_andGoesInPairs() {
        Map<String, String> env =
                Map.of(AdminCredentials.ENV_KEY_ID, "AKIAFROMENV", AdminCredentials.ENV_SECRET, "secret-from-env");
        assertThat(AdminCredentials.resolve(null, null, null, env::get, warnings::add))
                .isEqualTo(new AdminCredentials("AKIAFROMENV", "secret-from-env"));
        Map<String, String> half = Map.of(AdminCredentials.ENV_KEY_ID, "AKIAFROMENV");
        assertThatThrownBy(() -> AdminCredentials.resolve(null, null, null, half::get, warnings::add))
                .hasMessage("THINGCORE_ACCESS_KEY_ID and THINGCORE_SECRET_ACCESS_KEY go together");
        assertThat(AdminCredentials.resolve(null, null, null, NO_ENVIRONMENT, warnings::add))
                .isEqualTo(AdminCredentials.FROM_DATA_DIR);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFileWinsOverTheEnvironment() throws IOException {
        Path file = file("[default]\naws_access_key_id=AKIAFROMFILE\naws_secret_access_key=S\n", "r--------");
        Map<String, String> env = Map.of(AdminCredentials.ENV_KEY_ID, "E", AdminCredentials.ENV_SECRET, "E");
        assertThat(AdminCredentials.resolve(file, null, null, env::get, warnings::add)
                        .accessKeyId())
                .isEqualTo("AKIAFROMFILE");
    }

    @Test
    void theSecretOnTheCommandLine_stillWorks_withAWarningThatNamesPsButNotTheSecret() {
        AdminCredentials c =
                AdminCredentials.resolve(null, "AKIAOPTION", "secret-option", NO_ENVIRONMENT, warnings::add);
        assertThat(c).isEqualTo(new AdminCredentials("AKIAOPTION", "secret-option"));
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("--secret-access-key is deprecated", "ps", "--credentials-file")
                .doesNotContain("secret-option");
        assertThatThrownBy(() -> AdminCredentials.resolve(null, "AKIAOPTION", null, NO_ENVIRONMENT, warnings::add))
                .hasMessage("--access-key-id and --secret-access-key go together");
    }

    @Test
    void aFileAndTheOptionsTogether_areRefused() throws IOException {
        Path file = file("[default]\naws_access_key_id=A\naws_secret_access_key=S\n", "rw-------");
        assertThatThrownBy(() -> AdminCredentials.resolve(file, "A", "S", NO_ENVIRONMENT, warnings::add))
                .hasMessage("--credentials-file and --access-key-id/--secret-access-key exclude each other");
    }

    @Test
    void itsTextNeverHoldsTheSecret() {
        assertThat(new AdminCredentials("AKIAX", "the-secret").toString())
                .contains("AKIAX")
                .doesNotContain("the-secret");
    }
}
