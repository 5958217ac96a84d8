package dev.ferry.cli;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The names of a project {@code ferry new} makes, checked before anything is written: the app (also
 * the Maven artifact), the Maven group, the Java package and the class of the function, derived
 * from the app's name unless given.
 */
record ProjectNames(String app, String groupId, String packageName, String className) {

    /** Lower-case words of letters and digits joined by '-', '.' or '_': a valid app, artifact and topic prefix. */
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9]*([-._][a-z0-9]+)*");
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String DEFAULT_GROUP_ID = "com.example";

    /**
     * Types the generated sources use by their simple names, or declare inside the class: a class of
     * the same name would not compile, so it gets the suffix {@code App}.
     */
    private static final Set<String> TAKEN = Set.of("Envelope", "Ferry", "Output", "Start", "List", "Map", "Test",
            "SignedUp", "Prediction", "FerryTestKit", "TestOutputs", "EventFailedException", "RunningApp",
            "EmbeddedKafkaExtension", "TestKafka", "Duration", "RegisterExtension", "Object", "String", "Math");

    /**
     * The names for app {@code app}, in {@code groupId} (null: {@value #DEFAULT_GROUP_ID}) and Java
     * package {@code packageName} (null: the group id and the app's name without separators).
     *
     * @throws CliException a usage error naming the bad name and what a good one looks like
     */
    static ProjectNames of(String app, String groupId, String packageName) {
        if (!APP.matcher(app).matches()) {
            throw CliException.usage("'" + app + "' cannot be an app name: use lower-case letters and digits, "
                    + "words joined by '-', '.' or '_', starting with a letter (e.g. my-prediction)");
        }
        String group = groupId == null ? DEFAULT_GROUP_ID : groupId;
        if (!GROUP_ID.matcher(group).matches()) {
            throw CliException.usage("--group-id '" + group + "' is not a Maven group id: use letters, digits, "
                    + "'.', '-' and '_' (e.g. com.acme.ds)");
        }
        String pkg = packageName != null ? packageName : derivedPackage(group, app);
        String problem = packageProblem(pkg);
        if (problem != null) {
            throw CliException.usage(packageName != null
                    ? "--package '" + pkg + "' is not a Java package name: " + problem
                    : "the Java package '" + pkg + "' made from the group id and the app's name is not valid: "
                            + problem + "; name one with --package");
        }
        return new ProjectNames(app, group, pkg, className(app));
    }

    private static String derivedPackage(String groupId, String app) {
        return groupId.toLowerCase(Locale.ROOT).replace('-', '_') + "." + app.replaceAll("[-._]", "");
    }

    /** Why {@code name} is not a Java package name, or null if it is one. */
    private static String packageProblem(String name) {
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty()) {
                return "it has an empty part";
            }
            if (SourceVersion.isKeyword(part)) {
                return "'" + part + "' is a Java keyword";
            }
            if (!SourceVersion.isIdentifier(part)) {
                return "'" + part + "' is not a Java identifier (letters, digits and '_', not starting with a digit)";
            }
        }
        return null;
    }

    private static String className(String app) {
        StringBuilder name = new StringBuilder();
        for (String word : app.split("[-._]")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        String simple = name.toString();
        return TAKEN.contains(simple) ? simple + "App" : simple;
    }

    /** The package as a relative directory, {@code com/example/myprediction}. */
    String packagePath() {
        return packageName.replace('.', '/');
    }
}
