package dev.lakestation.jobs.area;

/**
 * A domain or table named on the command line (or by the coordinator) does not exist; the message lists the known
 * names, e.g. {@code unknown domain 'sales'; known domains: starbake}.
 */
public final class UnknownNameException extends AreaException {
    private static final long serialVersionUID = 1L;

    public UnknownNameException(String message) {
        super(message);
    }
}
