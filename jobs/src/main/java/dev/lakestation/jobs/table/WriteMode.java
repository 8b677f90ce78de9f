package dev.lakestation.jobs.table;

/** STUB (replaced by the table branch). */
public enum WriteMode { APPEND, OVERWRITE }
