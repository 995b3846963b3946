package io.thingcore.cli;

import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.client.TlsProfile;
import io.thingcore.dic.DicException;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.server.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How the {@code mqtt} and {@code device} commands reach the broker and who they are: the files of
 * {@code dic provision} ({@code --dic-out DIR --as ...}), or a gateway's {@code connection.json} for host, port and
 * server CA plus {@code --cert}, {@code --key} and {@code --client-id}; each explicit option overrides.
 */
final class MqttConnectionOptions {
    /** Which client of {@code dic provision}'s output to connect as. */
    enum As {
        device(ProvisionedClient.Role.DEVICE),
        explorer(ProvisionedClient.Role.EXPLORER);

        final ProvisionedClient.Role role;

        As(ProvisionedClient.Role role) {
            this.role = role;
        }
    }

    @Option(
            names = "--dic-out",
            paramLabel = "DIR",
            description = "Use what `thingcore dic provision --out DIR` wrote: endpoint, client ID, certificate, key"
                    + " and server CA of the client chosen with --as.")
    @Nullable
    Path dicOut;

    @Option(
            names = "--as",
            paramLabel = "device|explorer",
            description = "With --dic-out: connect as the device (DIC_2) or as MQTT Explorer (DIC_EXPLORER).")
    @Nullable
    As as;

    @Option(
            names = "--connection",
            paramLabel = "FILE",
            description = "A gateway's connection.json for host, port and server CA"
                    + " (default: ~/.thingcore/connection.json when it exists).")
    @Nullable
    Path connection;

    @Option(
            names = "--wait-for-gateway",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "With a gateway's connection.json: wait this long for a gateway that is starting; 0 does"
                    + " not wait (default: ${DEFAULT-VALUE}).")
    int waitForGateway;

    @Option(names = "--host", paramLabel = "HOST", description = "MQTT host (default: from --connection).")
    @Nullable
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "MQTT over TLS port (default: from --connection).")
    @Nullable
    Integer port;

    @Option(
            names = "--cafile",
            paramLabel = "FILE",
            description = "The server's CA (default: from --connection; on AWS: Amazon Root CA 1).")
    @Nullable
    Path cafile;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM).")
    @Nullable
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Client private key (PEM).")
    @Nullable
    Path key;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "MQTT client ID (on AWS IoT: the thing name). With --dic-out, mqtt sub and mqtt pub default"
                    + " to the thing name + .sub.PID or .pub.PID, so that they do not take each other's connection"
                    + " (or MQTT Explorer's) over.")
    @Nullable
    String clientId;

    @Option(
            names = "--sni",
            paramLabel = "NAME",
            description = "TLS server name, sent as SNI and checked against the server certificate (default: the"
                    + " host). SNI_ONLY certificates need the endpoint name here.")
    @Nullable
    String sni;

    @Option(
            names = "--tls-engine",
            paramLabel = "auto|openssl|jdk",
            defaultValue = "auto",
            hidden = true,
            description = "TLS implementation (default: ${DEFAULT-VALUE}).")
    TlsEngine tlsEngine;

    /**
     * A resolved connection.
     *
     * @param certificate the client certificate's PEM file, read again to explain a refusal (its validity)
     */
    record Resolved(ClientTls tls, MqttClientOptions options, Path certificate) {}

    /**
     * Resolves the options for a terminal client ({@code mqtt sub}, {@code mqtt pub}); {@code defaultAs} applies to
     * {@code --dic-out} without {@code --as}. Without {@code --client-id}, the client ID is the thing's name plus
     * {@code .<command>.<pid>}, one per invocation as mosquitto_sub and mosquitto_pub make theirs: a broker keeps one
     * connection per client ID and closes the older one (MQTT 3.1.1 section 3.1.4, AWS IoT's "MQTT" page), so a
     * publisher sharing the subscriber's ID would end the subscription. A thing name never contains {@code .}
     * (CreateThing: {@code [a-zA-Z0-9:_-]+}), so such an ID is never another thing's.
     */
    Resolved resolve(As defaultAs, int keepAliveSeconds, String command) {
        return resolve(
                defaultAs,
                keepAliveSeconds,
                TlsProfile.DEFAULT,
                "." + command + "." + ProcessHandle.current().pid());
    }

    /** The client as the firmware is: the thing's name as client ID, the TLS profile of the firmware. */
    Resolved resolve(As defaultAs, int keepAliveSeconds, TlsProfile profile) {
        return resolve(defaultAs, keepAliveSeconds, profile, "");
    }

    private Resolved resolve(As defaultAs, int keepAliveSeconds, TlsProfile profile, String clientIdSuffix) {
        String h = host;
        Integer p = port;
        Path ca = cafile;
        Path c = cert;
        Path k = key;
        String id = clientId;
        if (dicOut != null) {
            ProvisionedClient provisioned = ProvisionedClient.read(dicOut, (as != null ? as : defaultAs).role);
            h = h != null ? h : provisioned.host();
            p = p != null ? p : provisioned.port();
            ca = ca != null ? ca : provisioned.serverCa();
            c = c != null ? c : provisioned.certificate();
            k = k != null ? k : provisioned.key();
            id = id != null ? id : provisioned.clientId() + clientIdSuffix;
        } else if (as != null) {
            throw new DicException("--as needs --dic-out DIR");
        }
        if (h == null || p == null || ca == null) {
            ConnectionInfo info = connectionFile();
            if (info != null) {
                h = h != null ? h : info.mqttHost();
                p = p != null ? p : info.mqttPort();
                ca = ca != null ? ca : Path.of(info.serverCaFile());
            }
        }
        if (h == null || p == null || ca == null) {
            throw new DicException("where is the broker? pass --dic-out DIR, --connection FILE (or start a gateway"
                    + " with `thingcore up`), or --host, --port and --cafile");
        }
        if (c == null || k == null || id == null) {
            throw new DicException("who connects? pass --dic-out DIR (with --as device|explorer), or --cert, --key"
                    + " and --client-id");
        }
        ClientTls tls = ClientTls.fromPemFiles(c, k, ca, tlsEngine, profile);
        MqttClientOptions options = new MqttClientOptions(
                h,
                p,
                sni != null ? sni : h,
                id,
                keepAliveSeconds,
                true,
                Duration.ofSeconds(10),
                MqttClientOptions.DEFAULT_MAX_PACKET_BYTES,
                null);
        return new Resolved(tls, options, c);
    }

    private @Nullable ConnectionInfo connectionFile() {
        Path file = connection != null
                ? connection
                : Path.of(System.getProperty("user.home"), ".thingcore", ConnectionInfo.FILE_NAME);
        GatewayWait.untilReady(file, waitForGateway);
        if (!Files.exists(file)) {
            if (connection != null) {
                throw new DicException("no gateway connection file at " + file);
            }
            return null;
        }
        try {
            return ConnectionInfo.read(file);
        } catch (IOException e) {
            throw new DicException("cannot read the gateway connection file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The one-line message for a failure of a connection or an operation. */
    static String message(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
