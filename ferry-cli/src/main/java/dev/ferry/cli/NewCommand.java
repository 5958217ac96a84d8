package dev.ferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry new NAME}: a Maven project of the author's own for a new app, outside Ferry's tree,
 * that tests and runs as it is: the talk's prediction function, its unit test with the test kit, an
 * integration test on an embedded broker, a README and a {@code .gitignore}.
 */
@Command(name = "new", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Makes a Maven project for a new Ferry app, ready to test and run: the function (a sign-up in, "
                    + "a prediction out), its unit test with Ferry's test kit, an integration test on an embedded "
                    + "Kafka broker, a README and a .gitignore.",
            "It depends on this Ferry's artifacts through the BOM dev.ferry:ferry-bom, from the local Maven "
                    + "repository (./ferry's first run installs them). Then: cd NAME && mvn test"
        })
final class NewCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The app's name, also its Maven artifact id: "
            + "lower-case words of letters and digits joined by '-', '.' or '_', e.g. my-prediction.")
    String name;

    @Option(names = "--package", paramLabel = "PACKAGE",
            description = "The Java package of the function (default: the group id and NAME without separators, "
                    + "e.g. com.example.myprediction).")
    String packageName;

    @Option(names = "--group-id", paramLabel = "GROUP", description = "The project's Maven group id (default: com.example).")
    String groupId;

    @Option(names = "--owner", paramLabel = "EMAIL",
            description = "Who is on call for the app, for its runbook (default: none yet).")
    String owner = "";

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to make the project (default: ./NAME); "
            + "it must not exist, or be empty.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        ProjectNames names = ProjectNames.of(name, groupId, packageName);
        if (owner.contains("\"") || owner.contains("\\")) {
            throw CliException.usage("--owner '" + owner + "' cannot hold '\"' or '\\'");
        }
        Path shown = dir != null ? dir : Path.of(name);
        Path target = root.workDir.resolve(shown).normalize();
        requireOutsideFerry(target, shown);
        requireEmptyOrAbsent(target, shown);
        ProjectTemplate template = ProjectTemplate.of(names, owner, ferryCommand());
        Files.createDirectories(target);
        template.writeTo(target);

        PrintWriter out = spec.commandLine().getOut();
        out.println("made the project of app '" + names.app() + "' in " + shown + " (" + names.packageName() + "."
                + names.className() + ", Ferry " + template.ferryVersion() + "):");
        template.files().forEach(f -> out.println("  " + f));
        out.println("next: cd " + shown + " && mvn test");
        out.flush();
        return 0;
    }

    /**
     * An author's project lives outside Ferry's checkout: inside it, its sources would look to
     * {@code ./ferry} like changes to Ferry, and it would be built and versioned with Ferry.
     */
    private void requireOutsideFerry(Path target, Path shown) {
        String home = root.env.get("FERRY_HOME");
        if (home == null || home.isBlank()) {
            return;
        }
        Path ferry = Path.of(home).toAbsolutePath().normalize();
        if (target.startsWith(ferry)) {
            throw CliException.usage(shown + " is inside Ferry's checkout (" + ferry + "): make your project "
                    + "outside it, e.g. with --dir " + (ferry.getParent() == null ? Path.of("..", name)
                            : ferry.getParent().resolve(name)));
        }
    }

    private static void requireEmptyOrAbsent(Path target, Path shown) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new CliException(shown + " exists and is not a directory: choose another NAME or --dir");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new CliException(shown + " already exists and is not empty: choose another NAME or --dir, "
                        + "or remove it");
            }
        }
    }

    /** How the project's README writes the ferry command: the launcher of this checkout, when known. */
    private String ferryCommand() {
        String home = root.env.get("FERRY_HOME");
        if (home != null && !home.isBlank() && Files.isRegularFile(Path.of(home, "ferry"))) {
            return Path.of(home, "ferry").toString();
        }
        return "ferry";
    }
}
