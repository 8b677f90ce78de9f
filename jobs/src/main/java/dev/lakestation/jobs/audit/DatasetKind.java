package dev.lakestation.jobs.audit;

/** Which kind of job wrote a dataset: Starlake's {@code datasetType} (LOAD for {@code load}, TRANSFORM for a task). */
public enum DatasetKind {
    LOAD, TRANSFORM
}
