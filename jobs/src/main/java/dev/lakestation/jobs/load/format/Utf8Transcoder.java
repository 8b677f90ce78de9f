package dev.lakestation.jobs.load.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a stream of a non-ASCII-compatible charset (UTF-16, UTF-32, Shift_JIS, ...) as UTF-8 so the
 * byte-level line readers work on it. An invalid or unmappable input sequence becomes {@link #INVALID}
 * (U+FFFF, a Unicode noncharacter) so the reader can reject that record instead of failing the file.
 */
final class Utf8Transcoder extends InputStream {
    /** Marker for an undecodable input sequence. */
    static final char INVALID = '\uFFFF';

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer input = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private final ByteBuffer output = ByteBuffer.allocate(1 << 18).flip();
    private boolean inputEof;
    private boolean done;

    Utf8Transcoder(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!output.hasRemaining()) {
            if (done) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, output.remaining());
        output.get(b, off, n);
        return n;
    }

    private void fill() throws IOException {
        if (!inputEof && input.remaining() < 16) {
            input.compact();
            int n = in.read(input.array(), input.position(), input.remaining());
            if (n < 0) {
                inputEof = true;
            } else {
                input.position(input.position() + n);
            }
            input.flip();
        }
        CoderResult r = decoder.decode(input, chars, inputEof);
        if (r.isError()) {
            input.position(input.position() + r.length());
            if (chars.remaining() == 0) {
                encodeChars(false);
            }
            chars.put(INVALID);
        }
        boolean last = inputEof && !input.hasRemaining() && !r.isError() && !r.isOverflow();
        if (last) {
            decoder.flush(chars);
        }
        encodeChars(last);
        if (last) {
            output.compact();
            encoder.flush(output);
            output.flip();
            done = true;
        }
    }

    private void encodeChars(boolean endOfInput) {
        chars.flip();
        output.compact();
        encoder.encode(chars, output, endOfInput);
        output.flip();
        chars.compact();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
