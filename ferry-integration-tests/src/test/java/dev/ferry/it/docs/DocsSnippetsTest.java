package dev.ferry.it.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of the docs (README.md and docs/**.md) is the
 * text of a source file the build compiles and tests, so the docs cannot drift from the code: a
 * block that matches none fails, naming its file and line and the source it came closest to. The
 * rule is {@link SourceMatch}'s, and docs/CONTRIBUTING.md says how to add a snippet.
 */
class DocsSnippetsTest {

    private static final Path ROOT = repositoryRoot();
    private static final Map<Path, List<String>> SOURCES = compiledSources();

    @TestFactory
    Stream<DynamicTest> every_java_block_of_the_docs_is_the_text_of_a_compiled_source() {
        return docs().stream().flatMap(doc -> JavaSnippet.in(doc).stream())
                .map(s -> DynamicTest.dynamicTest(s.place(ROOT), () -> check(s)));
    }

    @Test
    void the_readme_has_its_java_blocks_found_and_the_sources_include_the_examples_and_the_tests() {
        assertThat(JavaSnippet.in(ROOT.resolve("README.md"))).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(6);
        assertThat(SOURCES.keySet()).contains(
                ROOT.resolve("examples/src/main/java/dev/ferry/examples/PredictFoo.java"),
                ROOT.resolve("examples/src/test/java/dev/ferry/examples/PredictFooIT.java"));
    }

    @Test
    void a_block_with_one_line_changed_matches_no_source() {
        JavaSnippet readmeTest = JavaSnippet.in(ROOT.resolve("README.md")).stream()
                .filter(s -> s.lines().contains("static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();"))
                .findFirst().orElseThrow();
        List<String> changed = new ArrayList<>(readmeTest.lines());
        changed.replaceAll(l -> l.replace("== 1", "== 2"));

        assertThat(closest(new SourceMatch(readmeTest.lines())).matched()).isTrue();
        SourceMatch.Result r = closest(new SourceMatch(changed));
        assertThat(r.matched()).isFalse();
        assertThat(r.blockLinesMatched()).as("the lines before the changed one").isEqualTo(7);
    }

    @Test
    void a_left_out_body_stands_for_any_body_and_comment_lines_of_the_source_may_be_left_out() {
        List<String> source = List.of(
                "class A {",
                "    /** Javadoc the block leaves out. */",
                "    int f(int x) {",
                "        return x + 1; // { not a brace",
                "    }",
                "    // tag::g[]",
                "    int g() { return 2; }",
                "}");

        assertThat(new SourceMatch(List.of("class A {", "  int f(int x) { ... }", "int g() { return 2; }", "}"))
                .in(source).matched()).isTrue();
        assertThat(new SourceMatch(List.of("int f(int x) { /* adds one */ }", "}")).in(source).matched()).isTrue();
        assertThat(new SourceMatch(List.of("int f(int x) {", "return x + 2; // { not a brace")).in(source).matched())
                .as("a changed line").isFalse();
        assertThat(new SourceMatch(List.of("class A {", "int g() { return 2; }")).in(source).matched())
                .as("a block without a left-out body is consecutive lines: f is in between").isFalse();
    }

    @Test
    void a_block_may_name_its_source_above_it_or_in_its_first_line() throws IOException {
        Path doc = Files.createTempFile("snippets", ".md");
        try {
            Files.writeString(doc, """
                    <!-- examples/src/test/java/dev/ferry/examples/PredictFooTest.java -->
                    ```java
                    TestOutputs out = FerryTestKit.of(PredictFoo.class).run("{\\"client\\": 7}", "{\\"client\\": 8}");
                    ```

                    ```java
                    // from PredictFooTest.java
                    assertThat(out.maps("predict.topic")).hasSize(2);
                    ```
                    """);
            List<JavaSnippet> snippets = JavaSnippet.in(doc);

            assertThat(snippets).extracting(JavaSnippet::namedSource)
                    .containsExactly("examples/src/test/java/dev/ferry/examples/PredictFooTest.java", "PredictFooTest.java");
            assertThat(snippets.get(1).lines()).containsExactly("assertThat(out.maps(\"predict.topic\")).hasSize(2);");
            for (JavaSnippet s : snippets) {
                assertThat(candidates(s)).hasSize(1);
                assertThat(new SourceMatch(s.lines()).in(candidates(s).values().iterator().next()).matched()).isTrue();
            }
        } finally {
            Files.delete(doc);
        }
    }

    private static void check(JavaSnippet snippet) {
        SourceMatch match = new SourceMatch(snippet.lines());
        Path closest = null;
        SourceMatch.Result best = new SourceMatch.Result(false, -1, 0);
        for (Map.Entry<Path, List<String>> source : candidates(snippet).entrySet()) {
            SourceMatch.Result r = match.in(source.getValue());
            if (r.matched()) {
                return;
            }
            if (r.blockLinesMatched() > best.blockLinesMatched()) {
                best = r;
                closest = source.getKey();
            }
        }
        String where = best.blockLinesMatched() <= 0 || closest == null
                ? "no source has its first line \"" + (match.lines().isEmpty() ? "" : match.lines().get(0)) + "\""
                : "closest: " + ROOT.relativize(closest) + " has its first " + best.blockLinesMatched()
                        + " line(s), then at line " + best.sourceLine() + " not \""
                        + match.lines().get(best.blockLinesMatched()) + "\"";
        fail(snippet.place(ROOT) + ": this java block is not the text of any compiled source (src/main/java or "
                + "src/test/java of a module of the build): " + where + ". Copy it from the source, or add the "
                + "source under examples/ or a module's tests (see docs/CONTRIBUTING.md, \"Snippets in the docs\")");
    }

    /** The sources a block may come from: the one it names, or all of them. */
    private static Map<Path, List<String>> candidates(JavaSnippet snippet) {
        if (snippet.namedSource() == null) {
            return SOURCES;
        }
        String name = snippet.namedSource();
        List<Path> named = SOURCES.keySet().stream()
                .filter(p -> p.equals(ROOT.resolve(name).normalize()) || p.endsWith(name)).toList();
        if (named.size() != 1) {
            fail(snippet.place(ROOT) + ": this java block names its source '" + name + "', but "
                    + (named.isEmpty() ? "no compiled source (src/main/java or src/test/java of a module of the "
                            + "build) is at that path or has that name"
                            : "several compiled sources have that name: " + named.stream().map(ROOT::relativize).toList()
                                    + "; name it by its path"));
        }
        return Map.of(named.get(0), SOURCES.get(named.get(0)));
    }

    private static SourceMatch.Result closest(SourceMatch match) {
        SourceMatch.Result best = new SourceMatch.Result(false, -1, 0);
        for (List<String> source : SOURCES.values()) {
            SourceMatch.Result r = match.in(source);
            if (r.matched()) {
                return r;
            }
            if (r.blockLinesMatched() > best.blockLinesMatched()) {
                best = r;
            }
        }
        return best;
    }

    /** README.md and every Markdown file under docs/. */
    private static List<Path> docs() {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        Path dir = ROOT.resolve("docs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return docs;
    }

    /** The .java files of every module's src/main/java and src/test/java: what the build compiles. */
    private static Map<Path, List<String>> compiledSources() {
        Map<Path, List<String>> sources = new LinkedHashMap<>();
        for (String module : modules()) {
            for (String root : List.of("src/main/java", "src/test/java")) {
                Path dir = ROOT.resolve(module).resolve(root);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        sources.put(f, Files.readAllLines(f));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sources;
    }

    /** The modules of the root POM. */
    private static List<String> modules() {
        try {
            Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
            List<String> modules = new ArrayList<>();
            while (m.find()) {
                modules.add(m.group(1).strip());
            }
            return modules;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checkout: the module's parent directory, whose pom.xml is ferry-parent's. */
    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        try {
            if (root == null || !Files.readString(root.resolve("pom.xml")).contains("<artifactId>ferry-parent</artifactId>")) {
                throw new IllegalStateException("run from ferry-integration-tests: " + Path.of("").toAbsolutePath());
            }
        } catch (IOException e) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath(), e);
        }
        return root;
    }
}
