package io.thingcore.policy;

import static io.thingcore.policy.Policies.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The IAM condition operators, IfExists, Null and the set qualifiers (IAM User Guide, "IAM JSON policy elements:
 * Condition operators"; AWS IoT policies follow IAM's conventions per the AWS IoT Developer Guide, "AWS IoT Core
 * policies").
 */
class ConditionOperatorsTest {
    private static final AuthorizationContext CTX = AuthorizationContext.builder()
            .clientId("Dev-001")
            .sourceIp("192.0.2.10")
            .thing("Dev-001", "light", Map.of("floor", "3", "site", "lab"))
            .certificateSubject(Map.of("CommonName", List.of("dev-001.example.com")))
            .put("aws:CurrentTime", List.of("2024-06-01T12:00:00Z"))
            .put("aws:EpochTime", List.of("1717243200"))
            .put("iot:ConnectAttributes", List.of("PersistentConnect", "LastWill"))
            .put("custom:Arn", List.of("arn:aws:iot:us-east-1:123456789012:thing/Dev-001"))
            .build();

    /** Whether an Allow-all statement with this condition block allows a publish under {@link #CTX}. */
    private static boolean holds(String condition) {
        return holds(condition, CTX);
    }

    private static boolean holds(String condition, AuthorizationContext ctx) {
        return Policies.allowed(statement("Allow", "iot:Publish", "*", condition), "iot:Publish", "ARN:topic/t", ctx);
    }

    private static String cond(String operator, String key, String valuesJson) {
        return "{\"" + operator + "\":{\"" + key + "\":" + valuesJson + "}}";
    }

    @Nested
    class Strings {
        @Test
        void equalsIsExactAndCaseSensitive() {
            assertThat(holds(cond("StringEquals", "iot:ClientId", "\"Dev-001\"")))
                    .isTrue();
            assertThat(holds(cond("StringEquals", "iot:ClientId", "\"dev-001\"")))
                    .isFalse();
            assertThat(holds(cond("StringEquals", "iot:ClientId", "\"Dev-*\""))).isFalse();
        }

        @Test
        void multipleValuesAreOred() {
            assertThat(holds(cond("StringEquals", "iot:ClientId", "[\"a\",\"Dev-001\"]")))
                    .isTrue();
            assertThat(holds(cond("StringNotEquals", "iot:ClientId", "[\"a\",\"Dev-001\"]")))
                    .isFalse();
            assertThat(holds(cond("StringNotEquals", "iot:ClientId", "[\"a\",\"b\"]")))
                    .isTrue();
        }

        @Test
        void ignoreCase() {
            assertThat(holds(cond("StringEqualsIgnoreCase", "iot:ClientId", "\"DEV-001\"")))
                    .isTrue();
            assertThat(holds(cond("StringNotEqualsIgnoreCase", "iot:ClientId", "\"dev-001\"")))
                    .isFalse();
            assertThat(holds(cond("StringNotEqualsIgnoreCase", "iot:ClientId", "\"dev-002\"")))
                    .isTrue();
        }

        @Test
        void likeUsesWildcards() {
            assertThat(holds(cond("StringLike", "iot:ClientId", "\"Dev-*\""))).isTrue();
            assertThat(holds(cond("StringLike", "iot:ClientId", "\"Dev-00?\""))).isTrue();
            assertThat(holds(cond("StringLike", "iot:ClientId", "\"Lamp-*\""))).isFalse();
            assertThat(holds(cond("StringNotLike", "iot:ClientId", "\"Lamp-*\"")))
                    .isTrue();
            assertThat(holds(cond("StringNotLike", "iot:ClientId", "\"Dev-*\"")))
                    .isFalse();
        }

        @Test
        void valuesMayUseVariables() {
            assertThat(holds(cond("StringEquals", "iot:Connection.Thing.ThingName", "\"${iot:ClientId}\"")))
                    .isTrue();
        }

        @Test
        void conditionKeysAreCaseInsensitive() {
            assertThat(holds(cond("StringEquals", "IOT:clientid", "\"Dev-001\"")))
                    .isTrue();
        }

        @Test
        void aNegatedOperatorWithAnUnresolvedValueDoesNotAllow() {
            // ThingName cannot be substituted: it is missing, so "not equal to it" must not grant.
            AuthorizationContext ctx =
                    AuthorizationContext.builder().clientId("x").build();
            assertThat(holds(cond("StringNotEquals", "iot:ClientId", "\"${iot:Connection.Thing.ThingName}\""), ctx))
                    .isFalse();
        }
    }

    @Nested
    class Numbers {
        @Test
        void comparisons() {
            String key = "iot:Connection.Thing.Attributes[floor]";
            assertThat(holds(cond("NumericEquals", key, "3"))).isTrue();
            assertThat(holds(cond("NumericEquals", key, "\"3.0\""))).isTrue();
            assertThat(holds(cond("NumericNotEquals", key, "3"))).isFalse();
            assertThat(holds(cond("NumericLessThan", key, "4"))).isTrue();
            assertThat(holds(cond("NumericLessThan", key, "3"))).isFalse();
            assertThat(holds(cond("NumericLessThanEquals", key, "3"))).isTrue();
            assertThat(holds(cond("NumericGreaterThan", key, "2"))).isTrue();
            assertThat(holds(cond("NumericGreaterThan", key, "3"))).isFalse();
            assertThat(holds(cond("NumericGreaterThanEquals", key, "3"))).isTrue();
        }

        @Test
        void aNonNumericContextValueSatisfiesNothing() {
            String key = "iot:Connection.Thing.Attributes[site]";
            assertThat(holds(cond("NumericEquals", key, "3"))).isFalse();
            assertThat(holds(cond("NumericNotEquals", key, "3"))).isFalse();
        }
    }

    @Nested
    class Dates {
        @Test
        void isoAndEpochValues() {
            assertThat(holds(cond("DateLessThan", "aws:CurrentTime", "\"2025-01-01T00:00:00Z\"")))
                    .isTrue();
            assertThat(holds(cond("DateGreaterThan", "aws:CurrentTime", "\"2025-01-01\"")))
                    .isFalse();
            assertThat(holds(cond("DateEquals", "aws:CurrentTime", "\"2024-06-01T14:00:00+02:00\"")))
                    .isTrue();
            assertThat(holds(cond("DateNotEquals", "aws:CurrentTime", "1717243200")))
                    .isFalse();
            assertThat(holds(cond("DateLessThanEquals", "aws:EpochTime", "\"2024-06-01T12:00:00Z\"")))
                    .isTrue();
            assertThat(holds(cond("DateGreaterThanEquals", "aws:EpochTime", "1717243201")))
                    .isFalse();
        }
    }

    @Nested
    class Booleans {
        @Test
        void isAttached() {
            assertThat(holds(cond("Bool", "iot:Connection.Thing.IsAttached", "\"true\"")))
                    .isTrue();
            assertThat(holds(cond("Bool", "iot:Connection.Thing.IsAttached", "true")))
                    .isTrue();
            AuthorizationContext unattached =
                    AuthorizationContext.builder().clientId("c").build();
            assertThat(holds(cond("Bool", "iot:Connection.Thing.IsAttached", "\"true\""), unattached))
                    .isFalse();
            assertThat(holds(cond("Bool", "iot:Connection.Thing.IsAttached", "\"false\""), unattached))
                    .isTrue();
        }
    }

    @Nested
    class IpAddresses {
        @Test
        void ipv4Cidr() {
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"192.0.2.0/24\"")))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"192.0.3.0/24\"")))
                    .isFalse();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"192.0.2.10\"")))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"0.0.0.0/0\"")))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "[\"10.0.0.0/8\",\"192.0.2.8/29\"]")))
                    .isTrue();
            assertThat(holds(cond("NotIpAddress", "aws:SourceIp", "\"10.0.0.0/8\"")))
                    .isTrue();
            assertThat(holds(cond("NotIpAddress", "aws:SourceIp", "\"192.0.2.0/25\"")))
                    .isFalse();
        }

        @Test
        void ipv6Cidr() {
            AuthorizationContext v6 = AuthorizationContext.builder()
                    .sourceIp("2001:db8:0:0:1::42")
                    .build();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"2001:db8::/32\""), v6))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"2001:db8:0:0:1::/80\""), v6))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"2001:db9::/32\""), v6))
                    .isFalse();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"2001:db8::1:0:0:42/128\""), v6))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"192.0.2.0/24\""), v6))
                    .isFalse();
            assertThat(holds(cond("NotIpAddress", "aws:SourceIp", "\"2001:db9::/32\""), v6))
                    .isTrue();
        }

        @Test
        void ipv4MappedAddressesCompareAsIpv4() {
            AuthorizationContext mapped =
                    AuthorizationContext.builder().sourceIp("::ffff:192.0.2.10").build();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"192.0.2.0/24\""), mapped))
                    .isTrue();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"::ffff:192.0.2.0/120\"")))
                    .isTrue();
        }

        @Test
        void aSourceIpThatIsNotAnAddressSatisfiesNeither() {
            AuthorizationContext bad =
                    AuthorizationContext.builder().sourceIp("example.com").build();
            assertThat(holds(cond("IpAddress", "aws:SourceIp", "\"0.0.0.0/0\""), bad))
                    .isFalse();
            assertThat(holds(cond("NotIpAddress", "aws:SourceIp", "\"10.0.0.0/8\""), bad))
                    .isFalse();
        }
    }

    @Nested
    class Arns {
        @Test
        void arnLikeComparesComponentWise() {
            assertThat(holds(cond("ArnLike", "custom:Arn", "\"arn:aws:iot:*:123456789012:thing/Dev-*\"")))
                    .isTrue();
            assertThat(holds(cond("ArnEquals", "custom:Arn", "\"arn:aws:iot:us-east-1:123456789012:thing/Dev-001\"")))
                    .isTrue();
            assertThat(holds(cond("ArnLike", "custom:Arn", "\"arn:aws:iot:*:999999999999:thing/*\"")))
                    .isFalse();
            // A wildcard in one component does not swallow the colons of the next ones.
            assertThat(holds(cond("ArnLike", "custom:Arn", "\"arn:aws:*:thing/Dev-001\"")))
                    .isFalse();
            assertThat(holds(cond("ArnNotLike", "custom:Arn", "\"arn:aws:iot:*:*:thing/Other\"")))
                    .isTrue();
            assertThat(holds(cond("ArnNotEquals", "custom:Arn", "\"arn:aws:iot:*:*:thing/Dev-001\"")))
                    .isFalse();
        }
    }

    @Nested
    class MissingKeys {
        @Test
        void aMissingKeyMakesTheConditionFalse() {
            assertThat(holds(cond("StringEquals", "iot:DomainName", "\"x\""))).isFalse();
            assertThat(holds(cond("StringNotEquals", "iot:DomainName", "\"x\"")))
                    .isFalse();
        }

        @Test
        void ifExistsIsTrueWhenMissingAndTestsWhenPresent() {
            assertThat(holds(cond("StringEqualsIfExists", "iot:DomainName", "\"x\"")))
                    .isTrue();
            assertThat(holds(cond("StringEqualsIfExists", "iot:ClientId", "\"x\"")))
                    .isFalse();
            assertThat(holds(cond("StringEqualsIfExists", "iot:ClientId", "\"Dev-001\"")))
                    .isTrue();
            assertThat(holds(cond("NumericLessThanIfExists", "custom:Missing", "3")))
                    .isTrue();
            assertThat(holds(cond("IpAddressIfExists", "aws:SourceIp", "\"10.0.0.0/8\"")))
                    .isFalse();
        }

        @Test
        void nullTestsPresence() {
            assertThat(holds(cond("Null", "iot:DomainName", "\"true\""))).isTrue();
            assertThat(holds(cond("Null", "iot:DomainName", "\"false\""))).isFalse();
            assertThat(holds(cond("Null", "iot:ClientId", "\"false\""))).isTrue();
            assertThat(holds(cond("Null", "iot:ClientId", "true"))).isFalse();
        }
    }

    @Nested
    class SetQualifiers {
        @Test
        void forAnyValueNeedsOneMatchingValue() {
            assertThat(holds(cond("ForAnyValue:StringEquals", "iot:ConnectAttributes", "\"LastWill\"")))
                    .isTrue();
            assertThat(holds(cond("ForAnyValue:StringEquals", "iot:ConnectAttributes", "\"Other\"")))
                    .isFalse();
            assertThat(holds(cond("ForAnyValue:StringEquals", "custom:Missing", "\"x\"")))
                    .isFalse();
        }

        @Test
        void forAllValuesNeedsEveryValueToMatchAndHoldsForAMissingKey() {
            assertThat(holds(cond(
                            "ForAllValues:StringEquals",
                            "iot:ConnectAttributes",
                            "[\"PersistentConnect\",\"LastWill\"]")))
                    .isTrue();
            assertThat(holds(cond("ForAllValues:StringEquals", "iot:ConnectAttributes", "\"PersistentConnect\"")))
                    .isFalse();
            assertThat(holds(cond("ForAllValues:StringNotEquals", "iot:ConnectAttributes", "\"Other\"")))
                    .isTrue();
            assertThat(holds(cond("ForAllValues:StringEquals", "custom:Missing", "\"x\"")))
                    .isTrue();
        }
    }

    @Test
    void keysAndOperatorsAreAnded() {
        String both = "{\"StringEquals\":{\"iot:ClientId\":\"Dev-001\",\"iot:Connection.Thing.ThingTypeName\":"
                + "\"light\"},\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}";
        assertThat(holds(both)).isTrue();
        String oneFails = "{\"StringEquals\":{\"iot:ClientId\":\"Dev-001\",\"iot:Connection.Thing.ThingTypeName\":"
                + "\"lock\"},\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}";
        assertThat(holds(oneFails)).isFalse();
        String otherOperatorFails = "{\"StringEquals\":{\"iot:ClientId\":\"Dev-001\"},"
                + "\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}";
        assertThat(holds(otherOperatorFails)).isFalse();
    }
}
