package dev.lakestation.jobs.load;

import dev.lakestation.jobs.load.format.MalformedInputFileException;
import dev.lakestation.jobs.runner.JobFailedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.SerializedThrowable;

/**
 * Finds which input file a failed load job could not read as a document (malformed JSON or XML), so that file
 * alone fails, as in Starlake where each file is its own job.
 */
final class MalformedFiles {

    private MalformedFiles() {
    }

    /** The file of {@code inputs} a {@link MalformedInputFileException} in {@code failure}'s causes names. */
    static Optional<Path> find(Throwable failure, List<Path> inputs) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String named = null;
            if (c instanceof MalformedInputFileException m) {
                named = m.path() + ":";
            } else if (c instanceof SerializedThrowable s
                    && MalformedInputFileException.class.getName().equals(s.getOriginalErrorClassName())) {
                named = JobFailedException.messageOf(s);  // "<path>:<line>...": the path is the prefix
            }
            if (named != null) {
                for (Path p : inputs) {
                    if (named.startsWith(flinkName(p) + ":")) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The name a reader gives the file: the Flink path the job was built with. */
    private static String flinkName(Path p) {
        return new org.apache.flink.core.fs.Path(p.toUri()).toString();
    }
}
