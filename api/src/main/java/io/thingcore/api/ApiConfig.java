package io.thingcore.api;

import io.netty.handler.ssl.SslContext;
import io.thingcore.api.http.HttpTimeouts;
import io.thingcore.registry.Account;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of the HTTP API.
 *
 * @param bindAddress the interface to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TCP port; 0 picks an ephemeral port ({@link ApiServer#port()} tells which)
 * @param sslContext a server {@link SslContext} for HTTPS, or null for plain HTTP
 * @param account the emulated account and region; the region is the one SigV4 scopes must name
 * @param accessKeyId the one access key accepted
 * @param secretAccessKey its secret
 * @param endpointHosts host names DescribeEndpoint returns (the first one, for every endpoint type)
 * @param resetEnabled whether {@code POST /_thingcore/reset} exists (wipes the registry; for tests)
 * @param clock the clock SigV4 skew is checked against
 * @param httpTimeouts how long a request head and body, and an idle keep-alive connection, may take
 */
public record ApiConfig(
        String bindAddress,
        int port,
        @Nullable SslContext sslContext,
        Account account,
        String accessKeyId,
        String secretAccessKey,
        List<String> endpointHosts,
        boolean resetEnabled,
        Clock clock,
        HttpTimeouts httpTimeouts) {
    public ApiConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(account, "account");
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId must not be empty");
        }
        if (secretAccessKey == null || secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("secretAccessKey must not be empty");
        }
        endpointHosts = List.copyOf(endpointHosts);
        if (endpointHosts.isEmpty()) {
            throw new IllegalArgumentException("endpointHosts must name at least one host for DescribeEndpoint");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(httpTimeouts, "httpTimeouts");
    }

    /** With {@link HttpTimeouts#DEFAULTS}. */
    public ApiConfig(
            String bindAddress,
            int port,
            SslContext sslContext,
            Account account,
            String accessKeyId,
            String secretAccessKey,
            List<String> endpointHosts,
            boolean resetEnabled,
            Clock clock) {
        this(
                bindAddress,
                port,
                sslContext,
                account,
                accessKeyId,
                secretAccessKey,
                endpointHosts,
                resetEnabled,
                clock,
                HttpTimeouts.DEFAULTS);
    }
}
