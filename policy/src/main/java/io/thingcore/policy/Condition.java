package io.thingcore.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One compiled {@code "Operator": {"key": values}} entry of a statement's {@code Condition} block, with IAM
 * semantics: the policy values are ORed; {@code ...IfExists} is true when the key is missing;
 * {@code ForAnyValue:} needs one context value to satisfy the operator, {@code ForAllValues:} every one (and is
 * true for a missing key); {@code Null} tests presence. A missing key otherwise makes the condition false, except
 * a negated operator in a Deny statement, which is then true as in IAM; it is reported either way.
 *
 * <p>Fail-closed rules beyond IAM: a context value of the wrong type (not a number, date or IP address) satisfies no
 * operator, negated ones included; and in an Allow statement a negated operator whose policy value has an unresolved
 * variable is false, so that an identity value that is refused as a pattern cannot widen a grant.
 */
final class Condition {
    private static final int MATCH = 1;
    private static final int NO_MATCH = 0;
    private static final int INVALID = -1;
    private static final int UNRESOLVED = Template.UNRESOLVED;

    private enum SetQualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    private enum Family {
        STRING_EQUALS,
        STRING_EQUALS_IGNORE_CASE,
        STRING_LIKE,
        NUMERIC,
        DATE,
        BOOL,
        IP_ADDRESS,
        ARN,
        NULL
    }

    private enum Comparison {
        EQ,
        LT,
        LE,
        GT,
        GE
    }

    /** The operators of IAM, by lower-case name without qualifier or IfExists suffix. */
    private record Operator(
            Family family, boolean negated, @Nullable Comparison comparison) {}

    private static final Map<String, Operator> OPERATORS = Map.ofEntries(
            op("StringEquals", Family.STRING_EQUALS, false, null),
            op("StringNotEquals", Family.STRING_EQUALS, true, null),
            op("StringEqualsIgnoreCase", Family.STRING_EQUALS_IGNORE_CASE, false, null),
            op("StringNotEqualsIgnoreCase", Family.STRING_EQUALS_IGNORE_CASE, true, null),
            op("StringLike", Family.STRING_LIKE, false, null),
            op("StringNotLike", Family.STRING_LIKE, true, null),
            op("NumericEquals", Family.NUMERIC, false, Comparison.EQ),
            op("NumericNotEquals", Family.NUMERIC, true, Comparison.EQ),
            op("NumericLessThan", Family.NUMERIC, false, Comparison.LT),
            op("NumericLessThanEquals", Family.NUMERIC, false, Comparison.LE),
            op("NumericGreaterThan", Family.NUMERIC, false, Comparison.GT),
            op("NumericGreaterThanEquals", Family.NUMERIC, false, Comparison.GE),
            op("DateEquals", Family.DATE, false, Comparison.EQ),
            op("DateNotEquals", Family.DATE, true, Comparison.EQ),
            op("DateLessThan", Family.DATE, false, Comparison.LT),
            op("DateLessThanEquals", Family.DATE, false, Comparison.LE),
            op("DateGreaterThan", Family.DATE, false, Comparison.GT),
            op("DateGreaterThanEquals", Family.DATE, false, Comparison.GE),
            op("Bool", Family.BOOL, false, null),
            op("IpAddress", Family.IP_ADDRESS, false, null),
            op("NotIpAddress", Family.IP_ADDRESS, true, null),
            op("ArnEquals", Family.ARN, false, null),
            op("ArnLike", Family.ARN, false, null),
            op("ArnNotEquals", Family.ARN, true, null),
            op("ArnNotLike", Family.ARN, true, null),
            op("Null", Family.NULL, false, null));

    private static Map.Entry<String, Operator> op(
            String name, Family family, boolean negated, @Nullable Comparison comparison) {
        return Map.entry(name.toLowerCase(Locale.ROOT), new Operator(family, negated, comparison));
    }

    /** A compiled policy value: tests one context value. */
    private interface ValueTest {
        int test(String contextValue, AuthorizationContext ctx, @Nullable Set<String> missing);
    }

    private final String key;
    private final String canonicalKey;
    private final Operator operator;
    private final SetQualifier qualifier;
    private final boolean ifExists;
    private final ValueTest[] tests;
    private final boolean[] nullExpected;

    private Condition(
            String key,
            Operator operator,
            SetQualifier qualifier,
            boolean ifExists,
            ValueTest[] tests,
            boolean[] nullExpected) {
        this.key = key;
        this.canonicalKey = AuthorizationContext.canonicalKey(key);
        this.operator = operator;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.tests = tests;
        this.nullExpected = nullExpected;
    }

    /**
     * Compiles one key of one operator.
     *
     * @param where the path for error messages, e.g. {@code Statement[0].Condition.StringLike}
     * @param variables whether {@code ${...}} in values is a variable (version 2012-10-17)
     * @throws MalformedPolicyException for an unknown operator or a value the operator cannot use
     */
    static Condition compile(String operatorName, String key, List<String> values, String where, boolean variables) {
        String name = operatorName;
        SetQualifier qualifier = SetQualifier.NONE;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("forallvalues:")) {
            qualifier = SetQualifier.FOR_ALL_VALUES;
            name = name.substring("ForAllValues:".length());
        } else if (lower.startsWith("foranyvalue:")) {
            qualifier = SetQualifier.FOR_ANY_VALUE;
            name = name.substring("ForAnyValue:".length());
        }
        lower = name.toLowerCase(Locale.ROOT);
        boolean ifExists = lower.endsWith("ifexists") && !lower.equals("ifexists");
        if (ifExists) {
            lower = lower.substring(0, lower.length() - "ifexists".length());
        }
        Operator operator = OPERATORS.get(lower);
        if (operator == null || (ifExists && operator.family == Family.NULL)) {
            throw new MalformedPolicyException("Unknown condition operator '" + operatorName + "' in " + where);
        }
        if (key.isEmpty()) {
            throw new MalformedPolicyException("Empty condition key in " + where);
        }
        if (values.isEmpty()) {
            throw new MalformedPolicyException("Condition key '" + key + "' in " + where + " has no values");
        }
        String at = where + "." + key;
        ValueTest[] tests = new ValueTest[values.size()];
        boolean[] nullExpected = new boolean[values.size()];
        for (int i = 0; i < tests.length; i++) {
            String value = values.get(i);
            if (operator.family == Family.NULL) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new MalformedPolicyException("Null condition value for '" + key + "' in " + where
                            + " must be true or false, got '" + value + "'");
                }
                nullExpected[i] = value.equalsIgnoreCase("true");
            } else {
                tests[i] = valueTest(operator, value, at, variables);
            }
        }
        return new Condition(key, operator, qualifier, ifExists, tests, nullExpected);
    }

    private static ValueTest valueTest(Operator operator, String value, String at, boolean variables) {
        return switch (operator.family) {
            case STRING_EQUALS -> template(Template.compile(value, false, variables, false));
            case STRING_EQUALS_IGNORE_CASE -> template(Template.compile(value, false, variables, true));
            case STRING_LIKE -> template(Template.compile(value, true, variables, false));
            case BOOL -> {
                Template t = Template.compile(value, false, variables, true);
                yield template(t);
            }
            case NUMERIC -> {
                Comparison comparison = comparisonOf(operator);
                yield typed(
                        value,
                        at,
                        variables,
                        "a number",
                        Condition::parseNumber,
                        (policy, ctx) -> compare(comparison, ((BigDecimal) ctx).compareTo((BigDecimal) policy)));
            }
            case DATE -> {
                Comparison comparison = comparisonOf(operator);
                yield typed(
                        value,
                        at,
                        variables,
                        "a date (ISO 8601 or epoch seconds)",
                        Condition::parseDate,
                        (policy, ctx) -> compare(comparison, Long.compare((Long) ctx, (Long) policy)));
            }
            case IP_ADDRESS -> {
                Template t = Template.compile(value, false, variables, false);
                if (!t.hasVariables()) {
                    IpRange range = IpRange.parse(value);
                    if (range == null) {
                        throw new MalformedPolicyException(
                                "Condition value '" + value + "' for " + at + " is not an IP address or CIDR block");
                    }
                    yield (v, ctx, missing) -> {
                        int r = range.test(v);
                        return r < 0 ? INVALID : r;
                    };
                }
                yield (v, ctx, missing) -> {
                    String resolved = t.resolve(ctx, missing);
                    if (resolved == null) {
                        return UNRESOLVED;
                    }
                    IpRange range = IpRange.parse(resolved);
                    int r = range == null ? NO_MATCH : range.test(v);
                    return r < 0 ? INVALID : r;
                };
            }
            case ARN -> arn(value, variables);
            case NULL -> throw new IllegalStateException("Null has no value tests");
        };
    }

    private static ValueTest template(Template t) {
        return t::match;
    }

    private interface Parser {
        @Nullable
        Object parse(String text);
    }

    private interface Comparator {
        boolean test(Object policyValue, Object contextValue);
    }

    /** Numeric and date values: parsed once at compile time unless they contain a variable. */
    private static ValueTest typed(
            String value, String at, boolean variables, String kind, Parser parser, Comparator cmp) {
        Template t = Template.compile(value, false, variables, false);
        if (!t.hasVariables()) {
            Object policy = parser.parse(value);
            if (policy == null) {
                throw new MalformedPolicyException("Condition value '" + value + "' for " + at + " is not " + kind);
            }
            return (v, ctx, missing) -> {
                Object c = parser.parse(v);
                return c == null ? INVALID : cmp.test(policy, c) ? MATCH : NO_MATCH;
            };
        }
        return (v, ctx, missing) -> {
            String resolved = t.resolve(ctx, missing);
            if (resolved == null) {
                return UNRESOLVED;
            }
            Object policy = parser.parse(resolved);
            Object c = parser.parse(v);
            if (c == null) {
                return INVALID;
            }
            return policy != null && cmp.test(policy, c) ? MATCH : NO_MATCH;
        };
    }

    /** Every operator of the numeric and date families is declared with its comparison (see the table above). */
    private static Comparison comparisonOf(Operator operator) {
        if (operator.comparison == null) {
            throw new IllegalStateException(operator.family + " operator declared without a comparison");
        }
        return operator.comparison;
    }

    private static boolean compare(Comparison comparison, int c) {
        return switch (comparison) {
            case EQ -> c == 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    static @Nullable BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** IAM dates: ISO 8601 (date, date-time with or without offset, UTC assumed) or epoch seconds. */
    static @Nullable Long parseDate(String text) {
        String s = text.strip();
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Math.multiplyExact(Long.parseLong(s), 1000L);
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * IAM ARN operators (ArnEquals and ArnLike behave alike): the six colon-separated parts are compared one by one,
     * each may use {@code *} and {@code ?}, and a wildcard never crosses a colon of the first five.
     */
    private static ValueTest arn(String value, boolean variables) {
        String[] parts = splitArn(value);
        if (parts == null) {
            // Not six parts: only "*" (any ARN) can match; a wildcard never stands in for the colons of an ARN.
            boolean any = value.equals("*");
            return (v, ctx, missing) -> any ? MATCH : NO_MATCH;
        }
        Template[] templates = new Template[6];
        for (int i = 0; i < 6; i++) {
            templates[i] = Template.compile(parts[i], true, variables, false);
        }
        return (v, ctx, missing) -> {
            String[] actual = splitArn(v);
            if (actual == null) {
                return NO_MATCH;
            }
            for (int i = 0; i < 6; i++) {
                int r = templates[i].match(actual[i], ctx, missing);
                if (r != MATCH) {
                    return r;
                }
            }
            return MATCH;
        };
    }

    private static String @Nullable [] splitArn(String s) {
        String[] parts = new String[6];
        int from = 0;
        for (int i = 0; i < 5; i++) {
            int colon = s.indexOf(':', from);
            if (colon < 0) {
                return null;
            }
            parts[i] = s.substring(from, colon);
            from = colon + 1;
        }
        parts[5] = s.substring(from);
        return parts;
    }

    /**
     * @param failClosed whether an unresolved variable in a negated operator makes it false (Allow statements)
     * @param missing where to record the key when the context lacks it; null on the fast path
     */
    boolean test(AuthorizationContext ctx, boolean failClosed, @Nullable Set<String> missing) {
        String[] values = ctx.valuesOf(canonicalKey);
        if (operator.family == Family.NULL) {
            boolean absent = values == null;
            for (boolean expected : nullExpected) {
                if (expected == absent) {
                    return true;
                }
            }
            return false;
        }
        if (values == null) {
            if (ifExists || qualifier == SetQualifier.FOR_ALL_VALUES) {
                return true;
            }
            if (missing != null) {
                missing.add(key);
            }
            // IAM User Guide, "IAM JSON policy elements: Condition operators": a negated operator (StringNotEquals,
            // StringNotLike, ...) on a key missing from the request is true. A Deny guarded by one therefore still
            // applies to a connection without the key (no attached thing, no such certificate field), which must not
            // escape it; in an Allow it stays false, so that a grant never rests on a missing value.
            return operator.negated && qualifier == SetQualifier.NONE && !failClosed;
        }
        switch (qualifier) {
            case FOR_ALL_VALUES -> {
                for (String v : values) {
                    if (!satisfies(v, ctx, failClosed, missing)) {
                        return false;
                    }
                }
                return true;
            }
            case FOR_ANY_VALUE -> {
                for (String v : values) {
                    if (satisfies(v, ctx, failClosed, missing)) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                // Without a qualifier a multi-valued key behaves as IAM's: a positive operator needs one value
                // to match, a negated one needs every value to match none.
                if (operator.negated) {
                    for (String v : values) {
                        if (!satisfies(v, ctx, failClosed, missing)) {
                            return false;
                        }
                    }
                    return true;
                }
                for (String v : values) {
                    if (satisfies(v, ctx, failClosed, missing)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /** Whether one context value satisfies the operator against the policy values (ORed). */
    private boolean satisfies(
            String value, AuthorizationContext ctx, boolean failClosed, @Nullable Set<String> missing) {
        boolean unresolved = false;
        boolean hit = false;
        for (ValueTest t : tests) {
            int r = t.test(value, ctx, missing);
            if (r == INVALID) {
                return false;
            }
            if (r == MATCH) {
                hit = true;
                break;
            }
            unresolved |= r == UNRESOLVED;
        }
        if (!operator.negated) {
            return hit;
        }
        return !hit && !(unresolved && failClosed);
    }

    @Override
    public String toString() {
        return operator + " " + key;
    }
}
