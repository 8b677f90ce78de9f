package dev.lakestation.schema.validation;

import java.time.Instant;
import java.time.LocalDate;

/** A record's values by slot plus its {@link RecordContext}, as expressions see them (records and raw lines). */
final class RowContext implements EvalContext {
    private final Object[] vals;
    private final RecordContext ctx;

    RowContext(Object[] vals, RecordContext ctx) {
        this.vals = vals;
        this.ctx = ctx;
    }

    @Override
    public Object column(int slot) {
        return vals[slot];
    }

    @Override
    public String inputFileName() {
        return ctx.inputFileName();
    }

    @Override
    public LocalDate currentDate() {
        return ctx.today();
    }

    @Override
    public Instant currentTimestamp() {
        return ctx.now();
    }
}
