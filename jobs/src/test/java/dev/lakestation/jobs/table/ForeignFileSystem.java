package dev.lakestation.jobs.table;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Test-only Flink {@link FileSystem} of scheme {@code lsfs}, standing in for an object store that only Flink's
 * {@code FileSystem} reaches: {@code lsfs:///a/b} is the local file {@code <backing>/a/b}. A path of this scheme
 * means nothing to {@code java.nio} ({@code Path.of(URI)} has no provider for it, and {@code /a/b} does not exist),
 * so code that bypasses Flink's FileSystem fails; the counters tell the test that its files were reached through
 * it. Registered with {@code META-INF/services/org.apache.flink.core.fs.FileSystemFactory} in the test resources.
 */
public final class ForeignFileSystem extends FileSystem {
    public static final String SCHEME = "lsfs";

    /** Where {@code lsfs:///} is, on the local disk (set by the test; one test class at a time uses it). */
    static volatile File backing;
    static final AtomicLong OPENS = new AtomicLong();
    static final AtomicLong CREATES = new AtomicLong();

    private final LocalFileSystem local = LocalFileSystem.getSharedInstance();

    /** The {@code lsfs:} path of {@code p}, an absolute path in the foreign namespace ({@code "/table/v1"}). */
    static Path path(String p) {
        return new Path(URI.create(SCHEME + "://" + (p.startsWith("/") ? p : "/" + p)));
    }

    /** The local file behind a {@code lsfs:} path. */
    static File file(Path p) {
        return new File(backing, p.toUri().getPath());
    }

    private static Path toLocal(Path p) {
        if (!SCHEME.equals(p.toUri().getScheme())) {
            throw new IllegalArgumentException("not an " + SCHEME + " path: " + p);
        }
        return new Path(file(p).toURI());
    }

    private static Path toForeign(Path local) {
        String b = backing.toURI().getPath();
        String l = local.toUri().getPath();
        if (!l.startsWith(b)) {
            throw new IllegalStateException(local + " is not under " + backing);
        }
        return path(l.substring(b.length()));
    }

    private static FileStatus foreign(FileStatus s) {
        if (s == null) {
            return null;
        }
        Path p = toForeign(s.getPath());
        return new FileStatus() {
            public long getLen() {
                return s.getLen();
            }

            public long getBlockSize() {
                return s.getBlockSize();
            }

            public short getReplication() {
                return s.getReplication();
            }

            public long getModificationTime() {
                return s.getModificationTime();
            }

            public long getAccessTime() {
                return s.getAccessTime();
            }

            public boolean isDir() {
                return s.isDir();
            }

            public Path getPath() {
                return p;
            }
        };
    }

    @Override
    public Path getWorkingDirectory() {
        return path("/");
    }

    @Override
    public Path getHomeDirectory() {
        return path("/");
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return foreign(local.getFileStatus(toLocal(f)));
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) throws IOException {
        return local.getFileBlockLocations(local.getFileStatus(toLocal(file.getPath())), start, len);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        return open(f);
    }

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        OPENS.incrementAndGet();
        return local.open(toLocal(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] s = local.listStatus(toLocal(f));
        if (s == null) {
            return null;
        }
        FileStatus[] out = new FileStatus[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = foreign(s[i]);
        }
        return out;
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        return local.delete(toLocal(f), recursive);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        return local.mkdirs(toLocal(f));
    }

    @Override
    public FSDataOutputStream create(Path f, WriteMode overwrite) throws IOException {
        CREATES.incrementAndGet();
        return local.create(toLocal(f), overwrite);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        return local.rename(toLocal(src), toLocal(dst));
    }

    @Override
    public boolean isDistributedFS() {
        return true;
    }

    @Override
    public RecoverableWriter createRecoverableWriter() throws IOException {
        RecoverableWriter w = local.createRecoverableWriter();
        return new RecoverableWriter() {
            @Override
            public RecoverableFsDataOutputStream open(Path path) throws IOException {
                CREATES.incrementAndGet();
                return w.open(toLocal(path));
            }

            @Override
            public RecoverableFsDataOutputStream recover(ResumeRecoverable r) throws IOException {
                return w.recover(r);
            }

            @Override
            public boolean requiresCleanupOfRecoverableState() {
                return w.requiresCleanupOfRecoverableState();
            }

            @Override
            public boolean cleanupRecoverableState(ResumeRecoverable r) throws IOException {
                return w.cleanupRecoverableState(r);
            }

            @Override
            public RecoverableFsDataOutputStream.Committer recoverForCommit(CommitRecoverable r) throws IOException {
                return w.recoverForCommit(r);
            }

            @Override
            public SimpleVersionedSerializer<CommitRecoverable> getCommitRecoverableSerializer() {
                return w.getCommitRecoverableSerializer();
            }

            @Override
            public SimpleVersionedSerializer<ResumeRecoverable> getResumeRecoverableSerializer() {
                return w.getResumeRecoverableSerializer();
            }

            @Override
            public boolean supportsResume() {
                return w.supportsResume();
            }
        };
    }

    /** The service-loaded factory of the {@code lsfs} scheme. */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return new ForeignFileSystem();
        }
    }
}
