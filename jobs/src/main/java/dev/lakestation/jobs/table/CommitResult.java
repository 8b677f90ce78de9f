package dev.lakestation.jobs.table;

import java.nio.file.Path;

/**
 * What a commit produced.
 *
 * @param version    the new version number
 * @param versionDir its folder
 * @param files      data files in the new version
 * @param bytes      their total size
 * @param filesAdded files that came from the staging folder
 * @param bytesAdded their total size
 */
public record CommitResult(long version, Path versionDir, int files, long bytes, int filesAdded, long bytesAdded) {
}
