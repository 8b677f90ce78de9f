package dev.lakestation.jobs.load.format;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** STUB (replaced by the formats branch): naive DSV only. */
public final class Readers {
    public static RecordReader open(FormatSpec spec, org.apache.flink.core.fs.Path file, long start, long end)
            throws java.io.IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(file.getFileSystem().open(file), StandardCharsets.UTF_8));
        String sep = Pattern.quote(spec.separator());
        List<String> header = spec.withHeader() ? List.of(r.readLine().split(sep, -1)) : null;
        String path = file.toString();
        return new RecordReader() {
            long line = spec.withHeader() ? 1 : 0;

            public List<String> inputColumns() {
                return header;
            }

            public RawRecord next() throws java.io.IOException {
                String l = r.readLine();
                if (l == null) {
                    return null;
                }
                RawRecord rr = new RawRecord();
                rr.path = path;
                rr.line = ++line;
                rr.fields = l.split(sep, -1);
                rr.rawText = l;
                return rr;
            }

            public void close() throws java.io.IOException {
                r.close();
            }
        };
    }

    public static RecordReader openPayload(FormatSpec spec, String sourceName, byte[] payload) {
        throw new UnsupportedOperationException();
    }
}
