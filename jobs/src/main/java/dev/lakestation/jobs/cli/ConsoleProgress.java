package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.load.LoadListener;
import dev.lakestation.jobs.load.TableLoadReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Live progress of a load for people: on a terminal one line rewritten in place, otherwise a plain line every
 * ten seconds (logs stay readable); one line per finished table either way.
 */
final class ConsoleProgress implements LoadListener {

    private static final long PLAIN_EVERY_MS = 10_000;

    private final PrintWriter out;
    private final boolean tty;
    private long lastPlain;
    private boolean lineOpen;

    ConsoleProgress(PrintWriter out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    @Override
    public void started(String table, int files, long bytes) {
        out.println(table + ": loading " + files + (files == 1 ? " file" : " files") + ", " + Format.bytes(bytes));
        out.flush();
        lastPlain = 0;
    }

    @Override
    public void startedStation(String table, String station, boolean bounded) {
        out.println(table + ": loading from station " + station + (bounded ? " (bounded)"
                : " (continuous: committed after every checkpoint until interrupted)"));
        out.flush();
        lastPlain = 0;
    }

    @Override
    public void progress(String table, long accepted, long rejected, long filtered, long elapsedMillis) {
        long rows = accepted + rejected + filtered;
        String line = String.format(Locale.ROOT, "%s: %s rows (%s rows/s), %s accepted, %s rejected", table,
                Format.count(rows), Format.count(elapsedMillis <= 0 ? 0 : rows * 1000 / elapsedMillis),
                Format.count(accepted), Format.count(rejected));
        if (tty) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
            out.flush();
        } else if (elapsedMillis - lastPlain >= PLAIN_EVERY_MS) {
            lastPlain = elapsedMillis;
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void finished(TableLoadReport r) {
        if (lineOpen) {
            out.print("\r\u001b[K");
            lineOpen = false;
        }
        switch (r.status()) {
            case LOADED -> out.println(r.name() + ": " + Format.count(r.accepted()) + " accepted, "
                    + Format.count(r.rejected()) + " rejected in " + Format.duration(r.duration()) + " (version "
                    + r.version() + ")");
            case NO_FILES -> out.println(r.name() + ": " + r.message()); // "no files", "no new messages"
            case FAILED -> out.println(r.name() + ": FAILED — " + r.message());
        }
        out.flush();
    }
}
