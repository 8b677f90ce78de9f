package dev.lakestation.connector.source.reader;

import org.apache.flink.annotation.Internal;

/**
 * Reads stream sequence, delivery count and timestamp straight from a JetStream ack subject, without
 * jnats' general metadata parser (split + date objects per message on the hot path).
 *
 * <p>v1: {@code $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>};
 * v2: {@code $JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>[.<token>]}.
 * Stream and consumer names cannot contain dots.
 */
@Internal
final class AckSubject {
    long deliveredCount;
    long streamSequence;
    long timestampNanos;

    /** Parses {@code reply}; returns false when it is not an ack subject (the caller falls back). */
    boolean parse(String reply) {
        if (reply == null || !reply.startsWith("$JS.ACK.")) {
            return false;
        }
        int tokens = 1;
        for (int i = 0; i < reply.length(); i++) {
            if (reply.charAt(i) == '.') {
                tokens++;
            }
        }
        int delivered;
        if (tokens == 9) {
            delivered = 4;
        } else if (tokens >= 11) {
            delivered = 6;
        } else {
            return false;
        }
        int start = 0;
        int index = 0;
        for (int i = 0; i <= reply.length(); i++) {
            if (i == reply.length() || reply.charAt(i) == '.') {
                if (index == delivered) {
                    deliveredCount = parseLong(reply, start, i);
                } else if (index == delivered + 1) {
                    streamSequence = parseLong(reply, start, i);
                } else if (index == delivered + 3) {
                    timestampNanos = parseLong(reply, start, i);
                    return deliveredCount >= 0 && streamSequence >= 0 && timestampNanos >= 0;
                }
                index++;
                start = i + 1;
            }
        }
        return false;
    }

    private static long parseLong(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
