package dev.lakestation.jobs.table;

import java.util.Set;

/**
 * What a write strategy did.
 *
 * @param commit              the committed version
 * @param rewrittenPartitions for a merge: the partition folders that got new files or lost files ({@code ""}
 *                            for an unpartitioned table); {@code null} for APPEND/OVERWRITE/OVERWRITE_BY_PARTITION
 * @param tableFilesRead      data files of the previous version the merge read and replaced (the others are
 *                            kept as they are)
 * @param tableFiles          data files of the previous version
 */
public record WriteResult(CommitResult commit, Set<String> rewrittenPartitions, int tableFilesRead, int tableFiles) {
}
