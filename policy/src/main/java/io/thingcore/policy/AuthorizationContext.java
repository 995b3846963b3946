package io.thingcore.policy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The policy variables and condition keys of one principal on one connection (AWS IoT Developer Guide: basic, thing and
 * X.509 certificate policy variables), built once when the connection is authenticated and shared by every
 * authorization on it.
 *
 * <p>Everything derived is computed in {@link Builder#build()}: the first-value, {@code .N} and {@code .List} forms
 * of multi-valued certificate attributes, and whether each value may be substituted into a pattern. A lookup during
 * evaluation is then one hash-map get.
 *
 * <p>Identity values are data, never patterns: a value longer than {@value #MAX_SUBSTITUTION_LENGTH} characters or
 * containing any of {@code * ? + # $} is not substituted into a {@code Resource} or condition value, and a pattern
 * that needs it cannot match (the AWS rule, DG cert-policy-variables "limitations"; a client ID {@code +} must not
 * turn {@code topicfilter/my/${iot:ClientId}/topic} into a wildcard grant). Such values remain available as
 * condition keys, where they are compared against the policy, not used as one.
 *
 * <p>Key names are matched case-insensitively, as IAM matches condition keys, except the attribute name inside
 * {@code [...]} of {@code iot:Connection.Thing.Attributes[name]}.
 */
public final class AuthorizationContext {
    /** Values longer than this are never substituted (AWS: "values longer than 1024 characters"). */
    public static final int MAX_SUBSTITUTION_LENGTH = 1024;

    /** AWS truncates multi-valued certificate attributes to this many items. */
    public static final int MAX_CERTIFICATE_VALUES = 5;

    public static final String CLIENT_ID = "iot:ClientId";
    public static final String DOMAIN_NAME = "iot:DomainName";
    public static final String SOURCE_IP = "aws:SourceIp";
    public static final String THING_NAME = "iot:Connection.Thing.ThingName";
    public static final String THING_TYPE_NAME = "iot:Connection.Thing.ThingTypeName";
    public static final String THING_ATTRIBUTES = "iot:Connection.Thing.Attributes";
    public static final String THING_IS_ATTACHED = "iot:Connection.Thing.IsAttached";
    public static final String CERTIFICATE_SERIAL_NUMBER = "iot:Certificate.SerialNumber";
    public static final String CERTIFICATE_SUBJECT = "iot:Certificate.Subject";
    public static final String CERTIFICATE_ISSUER = "iot:Certificate.Issuer";

    /** A context with no values at all (every variable unresolved, every condition key missing). */
    public static final AuthorizationContext EMPTY = builder().build();

    private final Map<String, String[]> values;
    private final Map<String, String> substitutions;

    private AuthorizationContext(Map<String, String[]> values, Map<String, String> substitutions) {
        this.values = values;
        this.substitutions = substitutions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All values of a condition key, or null when the context does not have it. */
    String @Nullable [] valuesOf(String canonicalKey) {
        return values.get(canonicalKey);
    }

    /** The single value a {@code ${key}} variable is replaced by, or null when it must not be substituted. */
    @Nullable
    String substitution(String canonicalKey) {
        return substitutions.get(canonicalKey);
    }

    boolean has(String canonicalKey) {
        return values.containsKey(canonicalKey);
    }

    /** The values of a key (any spelling case), or an empty list; for diagnostics and tests. */
    public List<String> values(String key) {
        String[] v = values.get(canonicalKey(key));
        return v == null ? List.of() : List.of(v);
    }

    /** Whether {@code ${key}} would be substituted, and by what; for diagnostics and tests. */
    public @Nullable String substitutionFor(String key) {
        return substitutions.get(canonicalKey(key));
    }

    @Override
    public String toString() {
        Map<String, List<String>> shown = new LinkedHashMap<>();
        values.forEach((k, v) -> shown.put(k, List.of(v)));
        return "AuthorizationContext" + shown;
    }

    /**
     * The spelling a key is stored and looked up under: lower case, except a bracketed part such as a thing
     * attribute name, which keeps its case. Interned: every connection's context, every compiled policy and condition
     * then share one instance per key (an idle connection does not carry its own copies of a dozen key strings), and
     * a lookup's {@code equals} succeeds on identity.
     */
    static String canonicalKey(String key) {
        int open = key.indexOf('[');
        int close = key.lastIndexOf(']');
        if (open < 0 || close < open) {
            return key.toLowerCase(Locale.ROOT).intern();
        }
        return (key.substring(0, open).toLowerCase(Locale.ROOT)
                        + key.substring(open, close + 1)
                        + key.substring(close + 1).toLowerCase(Locale.ROOT))
                .intern();
    }

    /** The AWS rule for values that may replace a variable: short, and free of wildcard characters. */
    static boolean substitutable(String value) {
        if (value.length() > MAX_SUBSTITUTION_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            switch (value.charAt(i)) {
                case '*', '?', '+', '#', '$' -> {
                    return false;
                }
                default -> {}
            }
        }
        return true;
    }

    /** Collects the identity of a connection; not thread-safe, use it on one thread and {@link #build()} once. */
    public static final class Builder {
        private final Map<String, List<String>> generic = new LinkedHashMap<>();
        private @Nullable String clientId;
        private @Nullable String domainName;
        private @Nullable String sourceIp;
        private boolean thingAttached;
        private @Nullable String thingName;
        private @Nullable String thingTypeName;
        private final Map<String, String> thingAttributes = new LinkedHashMap<>();
        private final Map<String, List<String>> subject = new LinkedHashMap<>();
        private final Map<String, List<String>> issuer = new LinkedHashMap<>();
        private final Map<String, List<String>> subjectAlternativeNames = new LinkedHashMap<>();
        private final Map<String, List<String>> issuerAlternativeNames = new LinkedHashMap<>();
        private @Nullable String serialNumber;

        private Builder() {}

        /** {@code iot:ClientId}: the MQTT client ID. */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** {@code iot:DomainName}: the domain the client connected to (SNI). */
        public Builder domainName(@Nullable String domainName) {
            this.domainName = domainName;
            return this;
        }

        /** {@code aws:SourceIp}: the client's IP address, IPv4 or IPv6, without port. */
        public Builder sourceIp(@Nullable String sourceIp) {
            this.sourceIp = sourceIp;
            return this;
        }

        /**
         * {@code iot:Connection.Thing.IsAttached}. The other thing variables are only defined when the thing (the
         * one named by the client ID) is attached to the principal; otherwise they stay unresolved and statements
         * using them grant nothing (DG thing-policy-variables).
         */
        public Builder thingAttached(boolean attached) {
            this.thingAttached = attached;
            return this;
        }

        /** {@code iot:Connection.Thing.ThingName}; effective only with {@link #thingAttached(boolean) attached}. */
        public Builder thingName(@Nullable String thingName) {
            this.thingName = thingName;
            return this;
        }

        /** {@code iot:Connection.Thing.ThingTypeName}; effective only when attached. */
        public Builder thingTypeName(@Nullable String thingTypeName) {
            this.thingTypeName = thingTypeName;
            return this;
        }

        /** {@code iot:Connection.Thing.Attributes[name]}; effective only when attached. */
        public Builder thingAttribute(String name, String value) {
            thingAttributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder thingAttributes(Map<String, String> attributes) {
            attributes.forEach(this::thingAttribute);
            return this;
        }

        /** Shorthand for an attached thing: name, type (may be null) and attributes. */
        public Builder thing(String name, @Nullable String typeName, Map<String, String> attributes) {
            return thingAttached(true).thingName(name).thingTypeName(typeName).thingAttributes(attributes);
        }

        /**
         * {@code iot:Certificate.Subject.<Attr>} keyed by AWS's attribute name ({@code CommonName},
         * {@code Organization}, {@code OrganizationalUnit}, ...), values in certificate order.
         */
        public Builder certificateSubject(Map<String, List<String>> attributes) {
            copyInto(subject, attributes);
            return this;
        }

        /** {@code iot:Certificate.Issuer.<Attr>}, as {@link #certificateSubject(Map)}. */
        public Builder certificateIssuer(Map<String, List<String>> attributes) {
            copyInto(issuer, attributes);
            return this;
        }

        /**
         * {@code iot:Certificate.Subject.AlternativeName.<X>} keyed by {@code RFC822Name}, {@code DNSName},
         * {@code DirectoryName}, {@code UniformResourceIdentifier} or {@code IPAddress}.
         */
        public Builder subjectAlternativeNames(Map<String, List<String>> names) {
            copyInto(subjectAlternativeNames, names);
            return this;
        }

        /** {@code iot:Certificate.Issuer.AlternativeName.<X>}, as {@link #subjectAlternativeNames(Map)}. */
        public Builder issuerAlternativeNames(Map<String, List<String>> names) {
            copyInto(issuerAlternativeNames, names);
            return this;
        }

        /** {@code iot:Certificate.SerialNumber}. */
        public Builder certificateSerialNumber(@Nullable String serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        /**
         * Any other condition key (for example {@code iot:ConnectAttributes} or {@code aws:CurrentTime}); replaces
         * what the typed setters derive for the same key. A key with exactly one value can also be a variable.
         */
        public Builder put(String key, List<String> values) {
            generic.put(Objects.requireNonNull(key, "key"), List.copyOf(values));
            return this;
        }

        public AuthorizationContext build() {
            Map<String, String[]> all = new HashMap<>();
            single(all, CLIENT_ID, clientId);
            single(all, DOMAIN_NAME, domainName);
            single(all, SOURCE_IP, sourceIp);
            single(all, THING_IS_ATTACHED, Boolean.toString(thingAttached));
            if (thingAttached) {
                single(all, THING_NAME, thingName);
                single(all, THING_TYPE_NAME, thingTypeName);
                thingAttributes.forEach((name, value) -> single(all, THING_ATTRIBUTES + "[" + name + "]", value));
            }
            multi(all, CERTIFICATE_SUBJECT + ".", subject);
            multi(all, CERTIFICATE_ISSUER + ".", issuer);
            multi(all, CERTIFICATE_SUBJECT + ".AlternativeName.", subjectAlternativeNames);
            multi(all, CERTIFICATE_ISSUER + ".AlternativeName.", issuerAlternativeNames);
            single(all, CERTIFICATE_SERIAL_NUMBER, serialNumber);
            generic.forEach((key, values) -> {
                if (values.isEmpty()) {
                    all.remove(canonicalKey(key));
                } else {
                    all.put(canonicalKey(key), values.toArray(String[]::new));
                }
            });

            Map<String, String> substitutions = new HashMap<>();
            all.forEach((key, values) -> {
                if (values.length == 1 && !key.endsWith(".list") && substitutable(values[0])) {
                    substitutions.put(key, values[0]);
                }
            });
            return new AuthorizationContext(Map.copyOf(all), Map.copyOf(substitutions));
        }

        private static void single(Map<String, String[]> into, String key, @Nullable String value) {
            if (value != null) {
                into.put(canonicalKey(key), new String[] {value});
            }
        }

        /**
         * AWS's multi-value forms (DG cert-policy-variables): the plain name is the first value, {@code .N} the
         * value at one-based index N among the further values ({@code .1} is the second value), {@code .List} all
         * values for {@code ForAnyValue:}/{@code ForAllValues:}; lists are truncated to five items.
         */
        private static void multi(Map<String, String[]> into, String prefix, Map<String, List<String>> attributes) {
            attributes.forEach((name, list) -> {
                List<String> kept = list.subList(0, Math.min(list.size(), MAX_CERTIFICATE_VALUES));
                if (kept.isEmpty()) {
                    return;
                }
                String base = prefix + name;
                single(into, base, kept.get(0));
                for (int i = 1; i < kept.size(); i++) {
                    single(into, base + "." + i, kept.get(i));
                }
                into.put(canonicalKey(base + ".List"), kept.toArray(String[]::new));
            });
        }

        private static void copyInto(Map<String, List<String>> target, Map<String, List<String>> source) {
            source.forEach((k, v) -> target.put(Objects.requireNonNull(k, "attribute name"), List.copyOf(v)));
        }
    }
}
