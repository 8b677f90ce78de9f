package dev.lakestation.jobs.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * State in one JSON file. A save writes {@code <file>.tmp}, forces it to disk, then renames it over the file
 * ({@code ATOMIC_MOVE}) and forces the folder: a crash at any point leaves the old or the new file whole.
 *
 * <pre>{@code
 * StateStore store = new FileStateStore(Path.of("/project/datasets/coordinator/state.json"));
 * }</pre>
 */
public final class FileStateStore implements StateStore {

    private final Path file;

    public FileStateStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<CoordinatorState> load() {
        try {
            return Optional.of(StateJson.read(Files.readString(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("coordinator state: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(CoordinatorState state) {
        byte[] bytes = StateJson.write(state).getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file + " cannot rename atomically", e);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("coordinator state: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void forceDirectory(Path dir) {
        // makes the rename itself durable; some platforms cannot open a folder, the rename is then as durable as the OS
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort, see above
        }
    }
}
