package dev.lakestation.jobs.area;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Moves that never overwrite. Within a filesystem a move is a hard link followed by an unlink: the link is created
 * atomically and fails when the target exists, so a file appears whole under its new name and two movers cannot
 * clobber each other (a plain rename(2) silently replaces its target). Across filesystems, or where hard links are
 * not supported, the file is copied to a hidden temporary name next to the target, then linked (or renamed) into
 * place and the source deleted. Modification times are kept: loads order files by them.
 */
final class FileMover {
    private FileMover() {
    }

    /**
     * Moves {@code src} to {@code dst} unless {@code dst} exists. Creates the target folder.
     *
     * @return false (and nothing moved) when {@code dst} already exists
     */
    static boolean moveNoReplace(Path src, Path dst) throws IOException {
        Files.createDirectories(dst.getParent());
        try {
            Files.createLink(dst, src);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            // EXDEV (other filesystem) or no hard links there
            return copyThenDelete(src, dst);
        }
        Files.delete(src);
        return true;
    }

    /** The cross-filesystem path of {@link #moveNoReplace}: copy to a hidden name, put in place, delete the source. */
    static boolean copyThenDelete(Path src, Path dst) throws IOException {
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.createDirectories(dst.getParent());
        Path tmp = hiddenSibling(dst);
        try {
            Files.copy(src, tmp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            if (!publish(tmp, dst)) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        Files.delete(src);
        return true;
    }

    /**
     * Puts a finished file (in the target's folder) under its final name unless that exists.
     *
     * @return false when {@code dst} exists ({@code tmp} is left for the caller to delete)
     */
    static boolean publish(Path tmp, Path dst) throws IOException {
        try {
            Files.createLink(dst, tmp);
            Files.delete(tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            try {
                // no hard links on this filesystem: rename without REPLACE_EXISTING (checked, not atomic)
                Files.move(tmp, dst);
                return true;
            } catch (FileAlreadyExistsException e2) {
                return false;
            }
        }
    }

    /**
     * Moves {@code src} into {@code dir} under its own name, or, when that name is taken, under
     * {@code <name>.1}, {@code <name>.2}, ... (the archive and unresolved areas keep every file).
     *
     * @return the new path
     */
    static Path moveKeepingBoth(Path src, Path dir) throws IOException {
        String name = src.getFileName().toString();
        for (int i = 0; i < 10_000; i++) {
            Path dst = dir.resolve(i == 0 ? name : name + "." + i);
            if (!Files.exists(dst, LinkOption.NOFOLLOW_LINKS) && moveNoReplace(src, dst)) {
                return dst;
            }
        }
        throw new IOException("10000 files named " + name + " already in " + dir);
    }

    /** A hidden, unique name in the folder of {@code target}; listings skip dot-files. */
    static Path hiddenSibling(Path target) {
        return target.resolveSibling(".lakestation-" + UUID.randomUUID() + ".part");
    }
}
