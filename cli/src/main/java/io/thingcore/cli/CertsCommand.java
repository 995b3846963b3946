package io.thingcore.cli;

import io.thingcore.dic.DicException;
import io.thingcore.dic.certs.CertificateFiles;
import io.thingcore.dic.certs.Leaf;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.KeyAlgorithm;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thingcore certs}: the DIC guide's openssl steps, with the guide's defaults. */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = "Make a CA and device certificates like the DIC guide's openssl commands.",
        subcommands = {CertsCommand.Ca.class, CertsCommand.Device.class})
public final class CertsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The key types offered on the command line: the guide's EC prime256v1, or RSA 2048. */
    enum KeyType {
        ec(KeyAlgorithm.EC_P256),
        rsa(KeyAlgorithm.RSA_2048);

        final KeyAlgorithm algorithm;

        KeyType(KeyAlgorithm algorithm) {
            this.algorithm = algorithm;
        }
    }

    @Command(
            name = "ca",
            mixinStandardHelpOptions = true,
            description = {
                "Make CA.key and CA.crt, like:",
                "  openssl ecparam -name prime256v1 -genkey -noout -out CA.key",
                "  openssl req -new -x509 -days 1826 -key CA.key -out CA.crt -subj SUBJECT"
            })
    static final class Ca implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for CA.key and CA.crt.")
        Path out;

        @Option(
                names = "--subject",
                paramLabel = "DN",
                defaultValue = "/CN=thingcore DIC CA",
                description =
                        "Subject, openssl style (/C=US/O=Acme/CN=DIC CA) or RFC 4514 (default: ${DEFAULT-VALUE}).")
        String subject;

        @Option(
                names = "--days",
                paramLabel = "N",
                defaultValue = "" + CertificateFiles.DEFAULT_CA_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--key",
                paramLabel = "ec|rsa",
                defaultValue = "ec",
                description = "Key type: ec (prime256v1, SEC1 'EC PRIVATE KEY') or rsa (2048, PKCS#1)"
                        + " (default: ${DEFAULT-VALUE}).")
        KeyType key;

        @Option(names = "--force", description = "Replace existing CA.key and CA.crt.")
        boolean force;

        @Override
        public Integer call() {
            try {
                CertificateAuthority ca = CertificateFiles.createCa(out, subject, days, key.algorithm, force);
                System.out.println("wrote " + out.resolve(CertificateFiles.CA_KEY) + " (mode 0600)");
                System.out.println("wrote " + out.resolve(CertificateFiles.CA_CERTIFICATE) + "  "
                        + ca.certificate().getSubjectX500Principal().getName() + ", id "
                        + CertificateIds.of(ca.certificate()));
                return 0;
            } catch (DicException e) {
                System.err.println("thingcore: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "device",
            mixinStandardHelpOptions = true,
            description = {
                "Make NAME.key, NAME.csr and NAME.crt signed by the CA in --ca, like:",
                "  openssl ecparam -name prime256v1 -genkey -noout -out NAME.key",
                "  openssl req -new -key NAME.key -out NAME.csr -subj SUBJECT",
                "  openssl x509 -req -in NAME.csr -CA CA.crt -CAkey CA.key -CAcreateserial -out NAME.crt -days 360"
            })
    static final class Device implements Callable<Integer> {
        @Option(
                names = "--ca",
                paramLabel = "DIR",
                required = true,
                description = "Directory with CA.crt and CA.key (thingcore's or openssl's).")
        Path caDir;

        @Option(
                names = "--name",
                paramLabel = "NAME",
                required = true,
                description = "File name stem: NAME.key, NAME.csr, NAME.crt (e.g. device, explorer).")
        String name;

        @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: the --ca directory).")
        @Nullable
        Path out;

        @Option(
                names = "--days",
                paramLabel = "N",
                defaultValue = "" + CertificateFiles.DEFAULT_LEAF_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--subject",
                paramLabel = "DN",
                description = "Subject, openssl style (/CN=DIC_2) or RFC 4514 (default: /CN=NAME).")
        @Nullable
        String subject;

        @Option(
                names = "--key",
                paramLabel = "ec|rsa",
                defaultValue = "ec",
                description = "Key type (default: ${DEFAULT-VALUE}).")
        KeyType key;

        @Option(names = "--force", description = "Replace existing NAME.key, NAME.csr and NAME.crt.")
        boolean force;

        @Override
        public Integer call() {
            try {
                if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                    throw new DicException("--name \"" + name + "\" must be a plain file name stem ([A-Za-z0-9._-])");
                }
                Path dir = out != null ? out : caDir;
                CertificateAuthority ca = CertificateFiles.loadCa(caDir);
                Leaf leaf = CertificateFiles.issueLeaf(
                        ca, dir, name, subject != null ? subject : "/CN=" + name, days, key.algorithm, force);
                System.out.println("wrote " + leaf.keyFile() + " (mode 0600)");
                System.out.println("wrote " + CertificateFiles.csrFile(dir, name));
                System.out.println("wrote " + leaf.certificateFile() + "  "
                        + leaf.certificate().getSubjectX500Principal().getName() + ", id " + leaf.certificateId());
                return 0;
            } catch (DicException e) {
                System.err.println("thingcore: " + e.getMessage());
                return 1;
            }
        }
    }
}
