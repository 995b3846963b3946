package io.thingcore.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A compiled policy string: literal text, policy variables {@code ${key}} and, where the element allows them, the IAM
 * wildcards {@code *} (any run of characters, {@code /} included) and {@code ?} (exactly one character). {@code +} and
 * {@code #} are literal (AWS IoT Developer Guide, "Publish/Subscribe policy examples"). {@code ${*}}, {@code ${?}} and
 * {@code ${$}} are the literal characters.
 *
 * <p>Matching is a hand-written glob without java.util.regex: the pattern is split at each {@code *} into blocks; the
 * first block is anchored at the start, the last at the end, and each middle block is placed leftmost, which is
 * exact for {@code *}-separated globs. Common shapes ({@code *}, a literal, {@code literal*}, {@code *literal}) take
 * a shortcut. Variable values are compared in place, never concatenated, so matching does not allocate, and a
 * substituted value is always literal text.
 */
final class Template {
    static final int MATCH = 1;
    static final int NO_MATCH = 0;
    /** The outcome depends on a variable that the context does not (or must not) supply. */
    static final int UNRESOLVED = -2;

    private static final int LITERAL = 0;
    private static final int VARIABLE = 1;
    private static final int ONE_CHAR = 2;

    /** In the resolved form of {@link #matchesEvery}: a {@code *}, and a {@code ?}; code units are 0 or more. */
    private static final int STAR = -1;

    private static final int ONE = -2;

    private enum Shape {
        ANY,
        EXACT,
        PREFIX,
        SUFFIX,
        GENERAL
    }

    /** One piece of a block: literal text, a variable, or the single-character wildcard. */
    private record Unit(int type, String text, @Nullable String variable) {}

    /** A run of units between two {@code *}. */
    private record Block(Unit[] units, boolean variableLength) {
        boolean isEmpty() {
            return units.length == 0;
        }
    }

    private final String source;
    private final boolean ignoreCase;
    private final Block[] blocks;
    private final Shape shape;
    // The shapes EXACT, PREFIX and SUFFIX compare it; ANY and GENERAL have none (empty).
    private final String literal;
    private final boolean hasVariables;

    private Template(String source, boolean ignoreCase, Block[] blocks) {
        this.source = source;
        this.ignoreCase = ignoreCase;
        this.blocks = blocks;
        boolean vars = false;
        for (Block b : blocks) {
            for (Unit u : b.units) {
                vars |= u.type != LITERAL;
            }
        }
        this.hasVariables = vars;
        Shape s = Shape.GENERAL;
        String lit = "";
        if (!vars) {
            if (blocks.length == 1) {
                s = Shape.EXACT;
                lit = text(blocks[0]);
            } else if (blocks.length == 2 && blocks[0].isEmpty() && blocks[1].isEmpty()) {
                s = Shape.ANY;
            } else if (blocks.length == 2 && blocks[1].isEmpty()) {
                s = Shape.PREFIX;
                lit = text(blocks[0]);
            } else if (blocks.length == 2 && blocks[0].isEmpty()) {
                s = Shape.SUFFIX;
                lit = text(blocks[1]);
            }
        }
        this.shape = s;
        this.literal = lit;
    }

    /**
     * @param wildcards whether {@code *} and {@code ?} are wildcards (Resource, Action, StringLike) or literal
     *     (StringEquals)
     * @param variables whether {@code ${...}} is a variable (only in documents of version 2012-10-17, as in IAM)
     * @param ignoreCase whether literal text compares case-insensitively (Action, StringEqualsIgnoreCase)
     */
    static Template compile(String pattern, boolean wildcards, boolean variables, boolean ignoreCase) {
        List<Block> blocks = new ArrayList<>();
        List<Unit> units = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int n = pattern.length();
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i);
            if (variables && c == '$' && i + 1 < n && pattern.charAt(i + 1) == '{') {
                int close = pattern.indexOf('}', i + 2);
                // An unterminated or empty "${" is literal text, as in IAM.
                if (close > i + 2) {
                    String name = pattern.substring(i + 2, close);
                    if (name.equals("*") || name.equals("?") || name.equals("$")) {
                        text.append(name);
                    } else {
                        flush(text, units);
                        units.add(new Unit(VARIABLE, AuthorizationContext.canonicalKey(name), name));
                    }
                    i = close + 1;
                    continue;
                }
            }
            if (wildcards && c == '*') {
                flush(text, units);
                blocks.add(block(units));
                units.clear();
            } else if (wildcards && c == '?') {
                flush(text, units);
                units.add(new Unit(ONE_CHAR, "?", null));
            } else {
                text.append(c);
            }
            i++;
        }
        flush(text, units);
        blocks.add(block(units));
        return new Template(pattern, ignoreCase, blocks.toArray(Block[]::new));
    }

    private static void flush(StringBuilder text, List<Unit> units) {
        if (!text.isEmpty()) {
            units.add(new Unit(LITERAL, text.toString(), null));
            text.setLength(0);
        }
    }

    private static Block block(List<Unit> units) {
        boolean variableLength = false;
        for (Unit u : units) {
            variableLength |= u.type != LITERAL;
        }
        return new Block(units.toArray(Unit[]::new), variableLength);
    }

    private static String text(Block block) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : block.units) {
            sb.append(u.text);
        }
        return sb.toString();
    }

    String source() {
        return source;
    }

    boolean matchesEverything() {
        return shape == Shape.ANY;
    }

    boolean hasVariables() {
        return hasVariables;
    }

    /**
     * Matches {@code s} against this pattern.
     *
     * @param missing where to record variables the context lacks; null on the fast path
     * @return {@link #MATCH}, {@link #NO_MATCH} or {@link #UNRESOLVED}
     */
    int match(String s, AuthorizationContext ctx, @Nullable Set<String> missing) {
        switch (shape) {
            case ANY:
                return MATCH;
            case EXACT:
                return (ignoreCase ? s.equalsIgnoreCase(literal) : s.equals(literal)) ? MATCH : NO_MATCH;
            case PREFIX:
                return s.regionMatches(ignoreCase, 0, literal, 0, literal.length()) ? MATCH : NO_MATCH;
            case SUFFIX:
                int from = s.length() - literal.length();
                return from >= 0 && s.regionMatches(ignoreCase, from, literal, 0, literal.length()) ? MATCH : NO_MATCH;
            default:
                return matchGeneral(s, ctx, missing);
        }
    }

    private int matchGeneral(String s, AuthorizationContext ctx, @Nullable Set<String> missing) {
        int n = s.length();
        int end = matchAt(blocks[0], s, 0, ctx, missing);
        if (end < 0) {
            return end == UNRESOLVED ? UNRESOLVED : NO_MATCH;
        }
        if (blocks.length == 1) {
            return end == n ? MATCH : NO_MATCH;
        }
        int pos = end;
        int last = blocks.length - 1;
        for (int b = 1; b < last; b++) {
            Block block = blocks[b];
            if (block.isEmpty()) {
                continue;
            }
            int found = -1;
            for (int start = pos; start <= n; start++) {
                if (splitsPair(s, start)) {
                    continue;
                }
                int e = matchAt(block, s, start, ctx, missing);
                if (e == UNRESOLVED) {
                    return UNRESOLVED;
                }
                if (e >= 0) {
                    found = e;
                    break;
                }
            }
            if (found < 0) {
                return NO_MATCH;
            }
            pos = found;
        }
        Block tail = blocks[last];
        if (tail.isEmpty()) {
            return MATCH;
        }
        if (!tail.variableLength) {
            int start = n - fixedLength(tail);
            if (start < pos) {
                return NO_MATCH;
            }
            return matchAt(tail, s, start, ctx, missing) == n ? MATCH : NO_MATCH;
        }
        for (int start = pos; start <= n; start++) {
            if (splitsPair(s, start)) {
                continue;
            }
            int e = matchAt(tail, s, start, ctx, missing);
            if (e == UNRESOLVED) {
                return UNRESOLVED;
            }
            if (e == n) {
                return MATCH;
            }
        }
        return NO_MATCH;
    }

    /** A wildcard never ends between the two halves of a surrogate pair. */
    private static boolean splitsPair(String s, int i) {
        return i > 0
                && i < s.length()
                && Character.isLowSurrogate(s.charAt(i))
                && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static int fixedLength(Block block) {
        int len = 0;
        for (Unit u : block.units) {
            len += u.text.length();
        }
        return len;
    }

    /** @return the index after the block when it matches at {@code from}, -1 when not, or {@link #UNRESOLVED} */
    private int matchAt(Block block, String s, int from, AuthorizationContext ctx, @Nullable Set<String> missing) {
        int p = from;
        int n = s.length();
        for (Unit u : block.units) {
            switch (u.type) {
                case LITERAL -> {
                    String t = u.text;
                    if (!s.regionMatches(ignoreCase, p, t, 0, t.length())) {
                        return -1;
                    }
                    p += t.length();
                }
                case VARIABLE -> {
                    String v = ctx.substitution(u.text);
                    if (v == null) {
                        if (missing != null && !ctx.has(u.text)) {
                            missing.add(u.variable);
                        }
                        return UNRESOLVED;
                    }
                    if (!s.regionMatches(ignoreCase, p, v, 0, v.length())) {
                        return -1;
                    }
                    p += v.length();
                }
                default -> {
                    if (p >= n) {
                        return -1;
                    }
                    p += Character.isHighSurrogate(s.charAt(p))
                                    && p + 1 < n
                                    && Character.isLowSurrogate(s.charAt(p + 1))
                            ? 2
                            : 1;
                }
            }
        }
        return p;
    }

    /**
     * Whether this pattern matches every string of one {@link ResourceSet} alternative, however its runs are filled:
     * a proof, so false also when it cannot be shown (a variable the context does not supply, or a run that a
     * {@code ?} or literal text would have to match). Matches the alternative symbolically, with the usual glob
     * table over (pattern position, symbol position): a run may only fall inside a {@code *}, which then takes any
     * filling of it, and a {@code *} neither starts nor ends between the halves of a surrogate pair, as in
     * {@link #match}. Allocates; for a proof made once per subscription, not per message.
     */
    boolean matchesEvery(int[] symbols, AuthorizationContext ctx) {
        int[] pattern = resolvedElements(ctx);
        if (pattern == null) {
            return false;
        }
        int n = symbols.length;
        boolean[] reached = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        reached[0] = true;
        for (int e : pattern) {
            Arrays.fill(next, false);
            if (e == STAR) {
                boolean open = false;
                for (int j = 0; j <= n; j++) {
                    boolean boundary = !splitsPair(symbols, j);
                    open |= reached[j] && boundary;
                    next[j] = open && boundary;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int c = symbols[j];
                    if (!reached[j] || c == ResourceSet.ANY_RUN) {
                        continue;
                    }
                    if (e == ONE) {
                        boolean pair = Character.isHighSurrogate((char) c)
                                && j + 1 < n
                                && symbols[j + 1] >= 0
                                && Character.isLowSurrogate((char) symbols[j + 1]);
                        next[j + (pair ? 2 : 1)] = true;
                    } else if (sameChar((char) c, (char) e)) {
                        next[j + 1] = true;
                    }
                }
            }
            boolean[] swap = reached;
            reached = next;
            next = swap;
        }
        return reached[n];
    }

    /**
     * Whether this pattern may match some string of one {@link ResourceSet} alternative: false only when the literal
     * text before the first wildcard of both already rules every string out (an unresolved variable counts as a
     * wildcard here, so the answer errs towards "may").
     */
    boolean mayMatchAny(int[] symbols, AuthorizationContext ctx) {
        int j = 0;
        for (Unit u : blocks[0].units) {
            String text = u.type == LITERAL ? u.text : u.type == VARIABLE ? ctx.substitution(u.text) : null;
            if (text == null) {
                return true;
            }
            for (int k = 0; k < text.length(); k++, j++) {
                if (j == symbols.length) {
                    return false;
                }
                if (symbols[j] == ResourceSet.ANY_RUN) {
                    return true;
                }
                if (!sameChar((char) symbols[j], text.charAt(k))) {
                    return false;
                }
            }
        }
        return blocks.length > 1 || j == symbols.length || symbols[j] == ResourceSet.ANY_RUN;
    }

    /** The pattern as code units, {@link #STAR} and {@link #ONE}, variables substituted; null when one is missing. */
    private int @Nullable [] resolvedElements(AuthorizationContext ctx) {
        IntStream.Builder out = IntStream.builder();
        for (int b = 0; b < blocks.length; b++) {
            if (b > 0) {
                out.add(STAR);
            }
            for (Unit u : blocks[b].units) {
                if (u.type == ONE_CHAR) {
                    out.add(ONE);
                    continue;
                }
                String text = u.type == LITERAL ? u.text : ctx.substitution(u.text);
                if (text == null) {
                    return null;
                }
                text.chars().forEach(out);
            }
        }
        return out.build().toArray();
    }

    private boolean sameChar(char a, char b) {
        if (a == b) {
            return true;
        }
        // As String.regionMatches(true, ...) compares.
        return ignoreCase
                && (Character.toUpperCase(a) == Character.toUpperCase(b)
                        || Character.toLowerCase(a) == Character.toLowerCase(b));
    }

    /** As {@link #splitsPair(String, int)}, on {@link ResourceSet} symbols. */
    private static boolean splitsPair(int[] symbols, int i) {
        return i > 0
                && i < symbols.length
                && symbols[i] >= 0
                && symbols[i - 1] >= 0
                && Character.isLowSurrogate((char) symbols[i])
                && Character.isHighSurrogate((char) symbols[i - 1]);
    }

    /** The text with variables replaced, or null when one is unresolved; for typed (numeric, date, ...) values. */
    @Nullable
    String resolve(AuthorizationContext ctx, @Nullable Set<String> missing) {
        if (!hasVariables && blocks.length == 1) {
            return literal;
        }
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < blocks.length; b++) {
            if (b > 0) {
                sb.append('*');
            }
            for (Unit u : blocks[b].units) {
                switch (u.type) {
                    case LITERAL -> sb.append(u.text);
                    case VARIABLE -> {
                        String v = ctx.substitution(u.text);
                        if (v == null) {
                            if (missing != null && !ctx.has(u.text)) {
                                missing.add(u.variable);
                            }
                            return null;
                        }
                        sb.append(v);
                    }
                    default -> sb.append('?');
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
