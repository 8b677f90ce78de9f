package dev.lakestation.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The {@code lakestation} command line. Global options apply to every subcommand and may be written before or
 * after the subcommand name.
 *
 * <pre>{@code
 * lakestation --root examples/starbake validate
 * lakestation validate --root examples/starbake --env DEV
 * }</pre>
 *
 * <p>Adding a command: write a class extending {@link ProjectCommand} (it validates the project first and hands
 * the loaded {@code Project} to {@link ProjectCommand#run}) and list it in {@code subcommands} below.
 */
@Command(name = "lakestation",
        mixinStandardHelpOptions = true,
        versionProvider = LakestationCli.Version.class,
        description = "Run Starlake projects on Apache Flink.",
        subcommands = {ValidateCommand.class, StageCommand.class, PreloadCommand.class, LoadCommand.class,
                TransformCommand.class, RunCommand.class, DagCommand.class, CoordinatorCommand.class,
                StatusCommand.class, TriggerCommand.class, BackfillCommand.class, PublishCommand.class,
                CommandLine.HelpCommand.class})
public final class LakestationCli implements Runnable {

    /** Exit code of a command that found errors in the project or failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a usage error (unknown option...), picocli's default. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of {@code preload} when the load should not run yet: not an error (see jobs/docs/areas.md). */
    public static final int EXIT_NOT_READY = 3;

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR", defaultValue = "${env:SL_ROOT:-.}",
            description = "Starlake project root (default: $SL_ROOT, else the current directory).")
    Path root;

    @Option(names = "--env", scope = ScopeType.INHERIT, paramLabel = "ENV", defaultValue = "${env:SL_ENV}",
            description = "Environment: reads metadata/env.<ENV>.sl.yml over env.sl.yml (default: $SL_ENV).")
    String env;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    @Option(names = "--flink", scope = ScopeType.INHERIT, paramLabel = "local|URL",
            defaultValue = "${env:LAKESTATION_FLINK:-local}",
            description = "Where load/transform/run execute: local (a Flink MiniCluster in this process, the default) "
                    + "or http(s)://host:port, a Flink cluster's REST endpoint: the command runs there as an "
                    + "application, so the project must be on a path the cluster sees (default: $LAKESTATION_FLINK).")
    String flink;

    /** The Flink cluster's REST endpoint given by {@code --flink http(s)://host:port}, or empty for {@code local}. */
    public java.util.Optional<java.net.URI> flinkCluster() {
        if (flink == null || flink.isBlank() || flink.equalsIgnoreCase("local")) {
            return java.util.Optional.empty();
        }
        java.net.URI u;
        try {
            u = java.net.URI.create(flink.strip());
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                || u.getPort() < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--flink: expected local or http(s)://host:port, got '" + flink + "'");
        }
        return java.util.Optional.of(u);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --verbose}: errors come with their stack trace. */
    public boolean verbose() {
        return verbose;
    }

    /** The project root given by {@code --root} / {@code SL_ROOT}. */
    public Path root() {
        return root;
    }

    /** The environment given by {@code --env} / {@code SL_ENV}, or null. */
    public String env() {
        return env == null || env.isBlank() ? null : env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line (for embedding and tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LakestationCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // a usage error is one line and a pointer to --help, not the whole option list
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            }
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /** Runs with the given streams and returns the exit code (no {@code System.exit}). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        // the JVM's own start time: ProcessHandle's start instant is derived from the kernel's boot time in whole
        // seconds, up to a second early here, which the run summary showed as startup time
        launchedAt = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        System.exit(commandLine().execute(args));
    }

    /** When this process started (epoch ms), if this JVM was started for the command line (not embedded). */
    static java.util.Optional<Long> launchedAt() {
        return java.util.Optional.ofNullable(launchedAt);
    }

    private static volatile Long launchedAt;

    /** Version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LakestationCli.class.getPackage().getImplementationVersion();
            return new String[] {"lakestation " + (v == null ? "(development build)" : v)};
        }
    }
}
