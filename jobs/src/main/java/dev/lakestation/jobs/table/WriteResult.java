package dev.lakestation.jobs.table;

import java.util.Set;

/**
 * What a write strategy did.
 *
 * @param commit              the committed version
 * @param rewrittenPartitions partition folders rewritten by the merge; {@code null} when the whole table was
 *                            rewritten (unpartitioned table, or a strategy that replaces everything)
 * @param tableFilesRead      data files of the previous version the merge read
 * @param tableFiles          data files of the previous version
 */
public record WriteResult(CommitResult commit, Set<String> rewrittenPartitions, int tableFilesRead, int tableFiles) {
}
