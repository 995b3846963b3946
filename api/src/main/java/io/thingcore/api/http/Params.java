package io.thingcore.api.http;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Wire-level conversions of query, header and body values, with AWS-style validation messages. */
public final class Params {
    private Params() {}

    public static <E extends Enum<E>> E enumValue(String member, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ApiException.invalidRequest("Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ", "[", "]")));
    }

    /**
     * Query booleans are {@code true}/{@code false} (as botocore and the Java SDK serialise them); anything else is
     * refused.
     */
    public static boolean bool(String member, String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw ApiException.invalidRequest("Value '" + value + "' at '" + member + "' must be true or false");
    }

    public static long longValue(String member, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("Value '" + value + "' at '" + member + "' must be an integer");
        }
    }

    public static int intInRange(String member, String value, int min, int max) {
        long parsed = longValue(member, value);
        if (parsed < min || parsed > max) {
            throw ApiException.invalidRequest("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return (int) parsed;
    }
}
