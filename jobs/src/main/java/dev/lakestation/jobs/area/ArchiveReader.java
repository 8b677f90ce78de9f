package dev.lakestation.jobs.area;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Walks the members of an archive as streams (never a whole member in memory): {@code .gz} with the JDK's
 * {@link GZIPInputStream}, {@code .zip} with {@link ZipFile} (its central directory is the authority on entry
 * names), {@code .tgz}/{@code .tar.gz} with commons-compress' {@link TarArchiveInputStream}. Directory entries are
 * skipped; every other entry name is checked by {@link #memberName} before the visitor sees it.
 */
final class ArchiveReader {
    private ArchiveReader() {
    }

    /** A member: its file name (last path element), size when known (else -1) and content on demand. */
    interface Visitor {
        /** Returns false to stop reading. */
        boolean member(String path, String name, long size, Content content) throws IOException;
    }

    /** The content of the current member; valid only inside {@link Visitor#member}. */
    interface Content {
        InputStream open() throws IOException;
    }

    /** Raised for an entry that must never be unpacked (zip-slip, links, devices). */
    static final class UnsafeMemberException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsafeMemberException(String message) {
            super(message);
        }
    }

    static void read(ArchiveKind kind, Path archive, Visitor v) throws IOException {
        switch (kind) {
            case GZ -> {
                String name = kind.gzMember(archive.getFileName().toString());
                v.member(name, name, -1, () -> new GZIPInputStream(Files.newInputStream(archive), 64 * 1024));
            }
            case ZIP -> readZip(archive, v);
            case TGZ, TAR_GZ -> readTar(archive, v);
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    private static void readZip(Path archive, Visitor v) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = memberName(e.getName());
                if (e.isDirectory() || name == null) {
                    continue;
                }
                if (!v.member(e.getName(), name, e.getSize(), () -> zip.getInputStream(e))) {
                    return;
                }
            }
        }
    }

    private static void readTar(Path archive, Visitor v) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 64 * 1024))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = memberName(e.getName());
                if (e.isDirectory() || name == null) {
                    continue;
                }
                if (e.isSymbolicLink() || e.isLink()) {
                    throw new UnsafeMemberException("member '" + e.getName() + "' is a link (to '" + e.getLinkName()
                            + "'); links are not unpacked");
                }
                if (!e.isFile()) {
                    throw new UnsafeMemberException("member '" + e.getName() + "' is not a regular file");
                }
                TarArchiveInputStream in = tar;
                if (!v.member(e.getName(), name, e.getSize(), () -> new NonClosing(in))) {
                    return;
                }
            }
        }
    }

    /**
     * The file name of an archive entry (its last path element), or null for a directory entry. Refuses absolute
     * names, drive letters, {@code ..} segments and NUL characters (zip-slip): such an archive is never unpacked,
     * even though only the last element is used as a file name.
     */
    static String memberName(String entryName) throws UnsafeMemberException {
        String n = entryName.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
            throw new UnsafeMemberException("member '" + entryName + "' has an absolute path");
        }
        for (String seg : n.split("/")) {
            if (seg.equals("..")) {
                throw new UnsafeMemberException("member '" + entryName + "' leaves the archive folder with '..'");
            }
        }
        if (n.endsWith("/")) {
            return null;
        }
        String last = n.substring(n.lastIndexOf('/') + 1);
        return last.isEmpty() || last.equals(".") ? null : last;
    }

    /** Lets a visitor close "its" stream without closing the tar underneath. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
