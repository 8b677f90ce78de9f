package dev.lakestation.schema.validation;

/** An expression (script, filter, {@code sql:} privacy) that cannot be compiled; the message says where and why. */
public class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }
}
