package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.splitfile.SplitfileExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build Splitgraph images.",
                "This executes a Splitfile, building a new image or checking it out from cache if the same image had already been built.",
                "Examples:",
                "  sgr build my.splitfile                    output: repository 'my' (the file's name)",
                "  sgr build my.splitfile -o mynew/repo",
                "  sgr build my_other.splitfile -o mynew/otherrepo -a PARAM1 VAL1 -a PARAM2 VAL2",
                "Syntax: docs/splitfiles.md."})
final class BuildCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "SPLITFILE")
    Path splitfile;

    @Option(names = {"-a", "--args"}, arity = "2", paramLabel = "NAME VALUE",
            description = "Parameters to be substituted into the Splitfile. All parameters mentioned in the file must be specified "
                    + "in order for the Splitfile to be executed.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--output-repository"}, paramLabel = "REPOSITORY", description = "Repository to store the result in.")
    String output;

    @Override
    void execute() throws Exception {
        String text;
        try {
            text = Files.readString(splitfile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SgrException("cannot read the Splitfile " + splitfile + (Files.exists(splitfile) ? ": " + e.getMessage() : ": no such file"),
                    "give an existing file", e);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            params.put(args.get(i), args.get(i + 1));
        }
        Repository out;
        if (output != null) {
            out = Repository.parse(output);
        } else {
            String name = splitfile.getFileName().toString();
            out = Repository.parse(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        }
        out().println("Executing Splitfile " + splitfile + " with arguments " + params.keySet());
        Path base = splitfile.toAbsolutePath().getParent();
        SplitfileExecutor.Result r = run(this, text, params, out, base);
        out().println("built " + r.output() + ":" + r.imageHash().substring(0, 12) + " (" + r.layers() + " steps, "
                + r.built() + " new images)");
    }

    /** Runs a Splitfile with the command's engine, console and lazy object download (shared with rebuild). */
    static SplitfileExecutor.Result run(EngineCommand cmd, String text, Map<String, String> params, Repository output, Path base)
            throws Exception {
        try (Connection c = cmd.connect(); Progress progress = cmd.root().progress()) {
            return SplitfileExecutor.execute(c, text, new SplitfileExecutor.Options(params, output, base,
                    (conn, repo, image) -> LazyObjects.ensure(cmd.root().config(), conn, repo, image, progress),
                    cmd.out()::println, progress));
        }
    }
}
