package dev.lakestation.schema.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Lower-case hex digests of UTF-8 text, as Starlake's privacy engine and Spark's md5/sha functions produce. */
public final class Digests {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** MessageDigest is not thread-safe: one instance per thread and algorithm. */
    private static final Map<String, ThreadLocal<MessageDigest>> DIGESTS = new ConcurrentHashMap<>();

    private Digests() {
    }

    /**
     * Hex digest of {@code text}.
     *
     * <pre>{@code Digests.hex("MD5", "America")  // "088f003833d523d9dccc529e929afdc7" }</pre>
     *
     * @param algorithm a JDK MessageDigest name: MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512
     */
    public static String hex(String algorithm, String text) {
        MessageDigest md = DIGESTS.computeIfAbsent(algorithm, a -> ThreadLocal.withInitial(() -> create(a))).get();
        byte[] bytes = md.digest(text.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static MessageDigest create(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("digest " + algorithm + " is not available in this JVM", e);
        }
    }
}
