package dev.lakestation.jobs.load.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.lakestation.jobs.load.format.Encodings;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.LineAccess;
import dev.lakestation.jobs.load.format.MalformedInputFileException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The top-level JSON objects of an input, one at a time, streaming: JSON lines (each line holds an object, or
 * an array of objects) or a document stream (the whole input is one or more objects or arrays of objects, for
 * {@code array}/{@code multiline}). Anything else, or a syntax error, is a {@link MalformedInputFileException}
 * with the line, column and offset.
 */
final class JsonObjects implements Closeable {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(LineAccess.MAX_RECORD_BYTES)
                    .build())
            .build();

    private final String path;
    private final Charset declared;
    private final boolean document;
    // lines mode
    private LineAccess lines;
    // document mode
    private long bom;
    private int charBytes;              // bytes per char when the parser reads chars (offset estimate)

    private JsonParser parser;
    private boolean inArray;

    /** Where the current object starts. */
    long line;
    long offset;
    Map<String, Object> tree;
    String rawText;

    JsonObjects(InputFile file, String encoding, boolean document) throws IOException {
        this.path = file.name();
        this.declared = Encodings.charset(encoding);
        this.document = document;
        if (document) {
            openDocument(file);
        } else {
            lines = LineAccess.open(file, declared, 0, true);
        }
    }

    private void openDocument(InputFile file) throws IOException {
        PushbackInputStream in = new PushbackInputStream(file.open(0), 4);
        byte[] head = new byte[4];
        int n = 0;
        for (int r; n < 4 && (r = in.read(head, n, 4 - n)) >= 0; ) {
            n += r;
        }
        int b = Encodings.bomLength(declared, head, n);
        Charset cs = Encodings.afterBom(declared, head, n, b);
        in.unread(head, b, n - b);
        bom = b;
        if (cs.equals(StandardCharsets.UTF_8)) {
            parser = FACTORY.createParser((InputStream) in);
        } else {
            charBytes = (int) Math.ceil(cs.newEncoder().averageBytesPerChar());
            parser = FACTORY.createParser(new InputStreamReader(in, cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        }
    }

    /**
     * Advances to the next object; builds {@link #tree} when {@code build}, else adds its keys to
     * {@code keys} (when not null) and only checks its syntax. False at the end.
     */
    boolean next(boolean build, Set<String> keys) throws IOException {
        try {
            while (true) {
                if (parser == null && !nextLine()) {
                    return false;
                }
                JsonToken t = parser.nextToken();
                if (t == null) {
                    if (inArray) {
                        throw malformed(parser.currentLocation(), "unexpected end of input inside an array", null);
                    }
                    if (document) {
                        return false;
                    }
                    parser.close();
                    parser = null;
                    continue;
                }
                if (t == JsonToken.START_ARRAY && !inArray) {
                    inArray = true;
                    continue;
                }
                if (t == JsonToken.END_ARRAY && inArray) {
                    inArray = false;
                    continue;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw malformed(parser.currentTokenLocation(), "expected a JSON object, found " + t, null);
                }
                JsonLocation at = parser.currentTokenLocation();
                line = line(at);
                offset = offset(at);
                if (build) {
                    tree = JsonTrees.object(parser);
                } else {
                    tree = null;
                    skipObject(keys);
                }
                return true;
            }
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage(), e);
        } catch (java.nio.charset.CharacterCodingException e) {
            JsonLocation at = parser == null ? null : parser.currentLocation();
            throw malformed(at, "invalid " + declared.name() + " byte sequence", e);
        }
    }

    private void skipObject(Set<String> keys) throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            if (keys != null) {
                keys.add(parser.currentName());
            }
            parser.nextToken();
            parser.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) {
            throw malformed(parser.currentTokenLocation(), "unexpected " + t + " in an object", null);
        }
    }

    private boolean nextLine() throws IOException {
        while (lines.nextLine()) {
            if (lines.truncated()) {
                throw new MalformedInputFileException(path, lines.lineNo(), -1, lines.offset(),
                        "Invalid JSON File: line longer than " + (LineAccess.MAX_RECORD_BYTES >> 20) + " MiB", null);
            }
            byte[] b = lines.buffer();
            int s = lines.start();
            int e = lines.contentEnd();
            while (s < e && (b[s] == ' ' || b[s] == '\t' || b[s] == '\r')) {
                s++;
            }
            if (s == e) {
                continue;   // blank line
            }
            rawText = null;
            parser = FACTORY.createParser(b, lines.start(), lines.contentEnd() - lines.start());
            return true;
        }
        return false;
    }

    /** The current line's text (JSON lines only). */
    String lineText() {
        return lines == null ? null
                : new String(lines.buffer(), lines.start(), lines.contentEnd() - lines.start(), StandardCharsets.UTF_8);
    }

    private long line(JsonLocation at) {
        if (at == null) {
            return -1;
        }
        return document ? at.getLineNr() : lines.lineNo() + at.getLineNr() - 1;
    }

    private long offset(JsonLocation at) {
        if (at == null) {
            return -1;
        }
        if (document) {
            return at.getByteOffset() >= 0 ? bom + at.getByteOffset() : bom + at.getCharOffset() * charBytes;
        }
        long rel = at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
        return lines.offset() + rel;
    }

    private MalformedInputFileException malformed(JsonLocation at, String what, Throwable cause) {
        return new MalformedInputFileException(path, line(at), at == null ? -1 : at.getColumnNr(), offset(at),
                "Invalid JSON File: " + what, cause);
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        if (lines != null) {
            lines.close();
        }
    }
}
