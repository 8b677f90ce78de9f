package dev.lakestation.schema.validation;

import java.util.List;

/** A {@link RecordSpec} that cannot be compiled (bad expression, unknown privacy...); lists every problem. */
public class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidSpecException(String table, List<String> problems) {
        super(table + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per problem, each naming the attribute. */
    public List<String> problems() {
        return problems;
    }
}
