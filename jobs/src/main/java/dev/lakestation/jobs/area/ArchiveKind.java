package dev.lakestation.jobs.area;

import java.util.Locale;

/** The compressed files {@code stage} unpacks, recognised by their name (Starlake's {@code .gz}, {@code .tgz}, {@code .zip}). */
enum ArchiveKind {
    /** One gzip-compressed file; its member is the name without {@code .gz}. */
    GZ(".gz"),
    /** A gzip-compressed tar. */
    TAR_GZ(".tar.gz"),
    /** A gzip-compressed tar. */
    TGZ(".tgz"),
    /** A zip. */
    ZIP(".zip");

    private final String suffix;

    ArchiveKind(String suffix) {
        this.suffix = suffix;
    }

    /** The kind of a file name, or null when it is not an archive. */
    static ArchiveKind of(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(TAR_GZ.suffix)) {
            return TAR_GZ;
        }
        for (ArchiveKind k : values()) {
            if (n.endsWith(k.suffix) && n.length() > k.suffix.length()) {
                return k;
            }
        }
        return null;
    }

    /** The single member of a {@code .gz}: its name without the suffix. */
    String gzMember(String fileName) {
        return fileName.substring(0, fileName.length() - suffix.length());
    }
}
