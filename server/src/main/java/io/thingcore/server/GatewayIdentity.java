package io.thingcore.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account ID and API credentials of a data directory, generated once and kept in {@code gateway.json} (mode
 * 0600), so that ARNs and the credentials users paste into scripts survive restarts. Values given on the command line
 * win for that run and are not written back.
 */
record GatewayIdentity(String accountId, String accessKeyId, String secretAccessKey) {
    static final String FILE_NAME = "gateway.json";
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static GatewayIdentity loadOrCreate(Path dataDir, GatewayConfig config, SecureRandom random) {
        Path file = dataDir.resolve(FILE_NAME);
        GatewayIdentity stored;
        try {
            if (Files.exists(file)) {
                stored = read(file);
            } else {
                stored = generate(random);
                SecureFiles.writeOwnerOnly(file, JSON.writeValueAsString(stored.asMap()));
            }
        } catch (IOException e) {
            throw new StartupException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
        return new GatewayIdentity(
                config.accountId() != null ? config.accountId() : stored.accountId,
                config.accessKeyId() != null ? config.accessKeyId() : stored.accessKeyId,
                config.secretAccessKey() != null ? config.secretAccessKey() : stored.secretAccessKey);
    }

    private static GatewayIdentity read(Path file) throws IOException {
        Map<?, ?> values = JSON.readValue(file.toFile(), Map.class);
        Object accountId = values.get("accountId");
        Object keyId = values.get("accessKeyId");
        Object secret = values.get("secretAccessKey");
        if (!(accountId instanceof String) || !(keyId instanceof String) || !(secret instanceof String)) {
            throw new IOException("it must hold accountId, accessKeyId and secretAccessKey as strings");
        }
        return new GatewayIdentity((String) accountId, (String) keyId, (String) secret);
    }

    /**
     * AWS-shaped values: a 12-digit account ID, an access key ID of "AKIA" plus 16 base32 characters, a 40-character
     * secret. The secret carries 240 random bits; the key ID only names it.
     */
    static GatewayIdentity generate(SecureRandom random) {
        StringBuilder account = new StringBuilder(12);
        account.append(1 + random.nextInt(9));
        for (int i = 1; i < 12; i++) {
            account.append(random.nextInt(10));
        }
        StringBuilder keyId = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            keyId.append(KEY_ID_ALPHABET.charAt(random.nextInt(KEY_ID_ALPHABET.length())));
        }
        byte[] secretBytes = new byte[30];
        random.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        return new GatewayIdentity(account.toString(), keyId.toString(), secret);
    }

    private Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("accountId", accountId);
        map.put("accessKeyId", accessKeyId);
        map.put("secretAccessKey", secretAccessKey);
        return map;
    }
}
