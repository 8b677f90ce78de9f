package dev.lakestation.jobs.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Dataset events in one append-only JSON-lines file, {@code <datasets>/events/datasets.jsonl}; a position is a byte
 * offset in it.
 *
 * <p>Crash safety: a publisher takes an exclusive {@link FileLock} (other processes) and this class's monitor (this
 * JVM), appends one line and forces it to disk before returning. A publisher killed mid-write leaves a line without
 * its {@code '\n'}: readers never return an unterminated line, and the next publisher first terminates it, so the torn
 * line becomes one unparsable line that readers skip with a warning naming the file and offset — it was never
 * reported as published. The file is never rewritten.
 *
 * <pre>{@code
 * DatasetEvents events = new FileDatasetEvents(Path.of("/project/datasets"));
 * }</pre>
 */
public final class FileDatasetEvents implements DatasetEvents {

    private static final Logger LOG = LoggerFactory.getLogger(FileDatasetEvents.class);
    /** One monitor for all instances: FileLock is per process, two channels of one JVM would throw. */
    private static final Object PUBLISH = new Object();

    private final Path file;

    /** Events under {@code <datasetsRoot>/events/}; the folder is created on first publish. */
    public FileDatasetEvents(Path datasetsRoot) {
        this.file = datasetsRoot.resolve("events").resolve("datasets.jsonl");
    }

    /** The events file. */
    public Path file() {
        return file;
    }

    @Override
    public void publish(DatasetEvent event) {
        byte[] line = (event.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (PUBLISH) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                    long end = ch.size();
                    if (end > 0 && !endsWithNewline(ch, end)) {
                        end = write(ch, end, new byte[] {'\n'}); // terminate a torn line of a crashed publisher
                    }
                    write(ch, end, line);
                    ch.force(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("dataset events: cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<Positioned> readAfter(long position, int max) {
        List<Positioned> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (position > ch.size()) {
                throw new IllegalArgumentException("dataset events: position " + position + " is past the end of "
                        + file + " (" + ch.size() + " bytes): was the file replaced?");
            }
            ch.position(position);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 65536);
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            long offset = position;
            long lineStart = position;
            int b;
            while (out.size() < max && (b = in.read()) >= 0) {
                offset++;
                if (b != '\n') {
                    buf.write(b);
                    continue;
                }
                String text = buf.toString(StandardCharsets.UTF_8);
                buf.reset();
                if (!text.isBlank()) {
                    try {
                        out.add(new Positioned(DatasetEvent.fromJson(text), offset));
                    } catch (IllegalArgumentException e) {
                        // a torn line of a crashed publisher (or a foreign writer): skipped, but said
                        LOG.warn("{}: offset {}: skipped unreadable event line ({})", file, lineStart, e.getMessage());
                    }
                }
                lineStart = offset;
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("dataset events: cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public AutoCloseable onPublished(Runnable listener) {
        return FolderWatch.start(file.getParent(), listener);
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private static long write(FileChannel ch, long at, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long pos = at;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return pos;
    }
}
