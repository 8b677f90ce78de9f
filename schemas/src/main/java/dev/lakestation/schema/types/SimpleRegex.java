package dev.lakestation.schema.types;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast matcher for the simple regexes most types use: a sequence of ASCII literals, character classes,
 * {@code .}, {@code \d \w \s} (and their negations), each with an optional greedy quantifier
 * ({@code * + ? {n} {n,} {n,m}}), and groups of those, plain or optional ({@code (...)}, {@code (...)?}, as in the
 * decimal pattern {@code -?\d+(\.\d+)?}). It answers the question Starlake asks — does the first match found at
 * offset 0 end at the end of the value — by backtracking in the same priority order as
 * {@link java.util.regex.Pattern} (a greedy optional group is the JDK's branch "group, else nothing"), with table
 * lookups instead of predicate chains. {@link #compile} returns null for anything outside that subset
 * (alternation, other quantifiers on groups, special groups {@code (?...)}, anchors, lazy or possessive
 * quantifiers, flags, non-ASCII), and {@link #spansWhole} returns null for non-ASCII values: the caller then uses
 * the JDK regex.
 */
final class SimpleRegex {

    private static final class Node {
        final boolean[] ascii = new boolean[128];
        boolean nonAscii; // '.' and negated classes also match non-ASCII chars (values with those use the JDK)
        int min = 1;
        int max = 1;
        /** A group's own nodes (then {@link #ascii} is unused and min..max is 1..1 or 0..1), else null. */
        Node[] group;
        /** A group's continuation: what follows it, fixed by its place in the pattern (set by {@link #link}). */
        Next after;
    }

    private final Node[] nodes;

    private SimpleRegex(Node[] nodes) {
        this.nodes = nodes;
        link(nodes, null);
    }

    /** Sets every group's continuation once, so that matching a value allocates nothing. */
    private static void link(Node[] seq, Next outer) {
        for (int i = 0; i < seq.length; i++) {
            if (seq[i].group != null) {
                seq[i].after = new Next(seq, i + 1, outer);
                link(seq[i].group, seq[i].after);
            }
        }
    }

    /** Compiles {@code regex} (as written by the user, matched with DOTALL), or null if outside the subset. */
    static SimpleRegex compile(String regex) {
        int[] at = {0};
        Node[] nodes = sequence(regex, at);
        return nodes == null || at[0] != regex.length() ? null : new SimpleRegex(nodes);
    }

    /**
     * The nodes from {@code at[0]} up to the end of {@code regex} or a ')' (left at {@code at[0]}), or null if
     * outside the subset.
     */
    private static Node[] sequence(String regex, int[] at) {
        List<Node> nodes = new ArrayList<>();
        int i = at[0];
        int n = regex.length();
        while (i < n && regex.charAt(i) != ')') {
            char c = regex.charAt(i);
            Node node = new Node();
            if (c == '(') {
                if (i + 1 < n && regex.charAt(i + 1) == '?') {
                    return null; // (?:...), (?=...), flags...: leave to the JDK
                }
                at[0] = i + 1;
                Node[] body = sequence(regex, at);
                i = at[0];
                if (body == null || i >= n) {
                    return null; // unsupported inside, or no ')'
                }
                i++; // the ')'
                node.group = body;
                if (i < n && regex.charAt(i) == '?') {
                    node.min = 0;
                    i++;
                }
                if (i < n && "?+*{".indexOf(regex.charAt(i)) >= 0) {
                    return null; // (...)* (...)+ (...){n}, lazy or possessive: the JDK's loop rules are subtler
                }
                nodes.add(node);
                continue;
            }
            if (c == '[') {
                i = parseClass(regex, i + 1, node);
                if (i < 0) {
                    return null;
                }
            } else if (c == '.') {
                fill(node.ascii, 0, 127, true);
                node.nonAscii = true;
                i++;
            } else if (c == '\\') {
                if (i + 1 >= n || !escape(regex.charAt(i + 1), node.ascii, node)) {
                    return null;
                }
                i += 2;
            } else if ("()|^$*+?{}]".indexOf(c) >= 0 || c >= 128) {
                return null;
            } else {
                node.ascii[c] = true;
                i++;
            }
            // quantifier
            if (i < n) {
                char q = regex.charAt(i);
                if (q == '*' || q == '+' || q == '?') {
                    node.min = q == '+' ? 1 : 0;
                    node.max = q == '?' ? 1 : Integer.MAX_VALUE;
                    i++;
                } else if (q == '{') {
                    int close = regex.indexOf('}', i);
                    if (close < 0) {
                        return null;
                    }
                    String body = regex.substring(i + 1, close);
                    try {
                        int comma = body.indexOf(',');
                        if (comma < 0) {
                            node.min = node.max = Integer.parseInt(body);
                        } else {
                            node.min = Integer.parseInt(body.substring(0, comma));
                            node.max = comma == body.length() - 1 ? Integer.MAX_VALUE
                                    : Integer.parseInt(body.substring(comma + 1));
                        }
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (node.min < 0 || node.max < node.min) {
                        return null;
                    }
                    i = close + 1;
                }
                if (i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+' || regex.charAt(i) == '*'
                        || regex.charAt(i) == '{')) {
                    return null; // lazy, possessive or stacked quantifiers
                }
            }
            nodes.add(node);
        }
        at[0] = i;
        return nodes.toArray(new Node[0]);
    }

    private static void fill(boolean[] set, int from, int to, boolean v) {
        for (int k = from; k <= to; k++) {
            set[k] = v;
        }
    }

    /** Backslash escape; false when unsupported. */
    private static boolean escape(char e, boolean[] set, Node node) {
        switch (e) {
            case 'd':
                fill(set, '0', '9', true);
                return true;
            case 'w':
                fill(set, 'a', 'z', true);
                fill(set, 'A', 'Z', true);
                fill(set, '0', '9', true);
                set['_'] = true;
                return true;
            case 's':
                for (char c : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
                    set[c] = true;
                }
                return true;
            case 'D':
            case 'W':
            case 'S': {
                boolean[] tmp = new boolean[128];
                escape(Character.toLowerCase(e), tmp, node);
                for (int k = 0; k < 128; k++) {
                    if (!tmp[k]) {
                        set[k] = true;
                    }
                }
                node.nonAscii = true;
                return true;
            }
            case 't':
                set['\t'] = true;
                return true;
            case 'n':
                set['\n'] = true;
                return true;
            case 'r':
                set['\r'] = true;
                return true;
            default:
                if (e < 128 && !Character.isLetterOrDigit(e)) {
                    set[e] = true; // escaped punctuation: \. \- \+ \\ ...
                    return true;
                }
                return false;
        }
    }

    /** Parses {@code [...]} from just after '['; returns the index after ']' or -1. */
    private static int parseClass(String r, int i, Node node) {
        int n = r.length();
        boolean negate = false;
        if (i < n && r.charAt(i) == '^') {
            negate = true;
            i++;
        }
        boolean[] set = new boolean[128];
        boolean first = true;
        while (i < n) {
            char c = r.charAt(i);
            if (c == ']' && !first) {
                if (negate) {
                    for (int k = 0; k < 128; k++) {
                        set[k] = !set[k];
                    }
                    node.nonAscii = true;
                }
                System.arraycopy(set, 0, node.ascii, 0, 128);
                return i + 1;
            }
            if (c == ']') {
                return -1; // a leading ']' : leave the JDK's interpretation to the JDK
            }
            first = false;
            if (c == '[' || c == '&' || c >= 128) {
                return -1; // nested classes, intersections, non-ASCII: leave to the JDK
            }
            int low;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return -1;
                }
                char e = r.charAt(i + 1);
                if (Character.isLetter(e) && "tnr".indexOf(e) < 0) {
                    if ("dws".indexOf(e) < 0 || negate) {
                        return -1;
                    }
                    escape(e, set, node);
                    i += 2;
                    continue;
                }
                if (Character.isDigit(e) || e >= 128) {
                    return -1;
                }
                low = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
                i += 2;
            } else {
                low = c;
                i++;
            }
            if (i + 1 < n && r.charAt(i) == '-' && r.charAt(i + 1) != ']') {
                char h = r.charAt(i + 1);
                if (h == '\\' || h == '[' || h >= 128 || h < low) {
                    return -1;
                }
                fill(set, low, h, true);
                i += 2;
            } else {
                set[low] = true;
            }
        }
        return -1;
    }

    /**
     * True/false when the first match at offset 0 ends at the end of {@code s}; null when {@code s} has non-ASCII
     * characters (the JDK regex decides then).
     */
    Boolean spansWhole(String s) {
        int len = s.length();
        for (int k = 0; k < len; k++) {
            if (s.charAt(k) >= 128) {
                return null;
            }
        }
        return match(s, nodes, 0, 0, null) == len;
    }

    /** What follows a group: the rest of the enclosing sequence, then what follows that (null: the pattern's end). */
    private record Next(Node[] seq, int ni, Next next) {
    }

    /**
     * End of the first successful path from node {@code ni} of {@code seq} at {@code pos}, then through
     * {@code next}, or -1.
     */
    private int match(String s, Node[] seq, int ni, int pos, Next next) {
        if (ni == seq.length) {
            return next == null ? pos : match(s, next.seq, next.ni, pos, next.next);
        }
        Node node = seq[ni];
        if (node.group != null) {
            int end = match(s, node.group, 0, pos, node.after); // greedy: the group first
            if (end >= 0 || node.min == 1) {
                return end;
            }
            return match(s, seq, ni + 1, pos, next); // then without it
        }
        boolean[] set = node.ascii;
        int len = s.length();
        if (node.min == 1 && node.max == 1) { // the common single-char step, no backtracking point
            return pos < len && set[s.charAt(pos)] ? match(s, seq, ni + 1, pos + 1, next) : -1;
        }
        int limit = node.max == Integer.MAX_VALUE ? len - pos : Math.min(node.max, len - pos);
        int count = 0;
        while (count < limit && set[s.charAt(pos + count)]) {
            count++;
        }
        if (count < node.min) {
            return -1;
        }
        if (ni == seq.length - 1 && next == null) {
            return pos + count; // last node of the pattern: greedy takes all, first path succeeds
        }
        for (int c = count; c >= node.min; c--) { // greedy: longest first, like java.util.regex
            int end = match(s, seq, ni + 1, pos + c, next);
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }
}
