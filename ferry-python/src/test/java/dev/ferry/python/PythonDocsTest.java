package dev.ferry.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python blocks of docs/python.md run: the first is the app's file ({@code my_prediction.py}),
 * the second a test of it, whose {@code test_} functions are called as pytest would call them.
 */
class PythonDocsTest {

    private static final Path DOC = Path.of("../docs/python.md");

    @TempDir
    Path dir;

    static List<String> pythonBlocks(String markdown) {
        Matcher m = Pattern.compile("(?ms)^```python\\n(.*?)^```$").matcher(markdown);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void the_docs_app_and_its_test_run() throws Exception {
        List<String> blocks = pythonBlocks(Files.readString(DOC));
        assertThat(blocks).hasSize(2);
        Files.writeString(dir.resolve("my_prediction.py"), blocks.get(0));
        Files.writeString(dir.resolve("test_doc.py"), blocks.get(1));
        String runner = "import test_doc\n"
                + "tests = [f for n, f in vars(test_doc).items() if n.startswith('test_')]\n"
                + "assert tests, 'no test_ function in the doc block'\n"
                + "for t in tests:\n    t()\n"
                + "print('passed', len(tests))\n";
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", runner).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", Path.of("src/main/python").toAbsolutePath() + File.pathSeparator + dir);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("passed 1");
    }

    @Test
    void the_docs_app_is_the_example_the_engine_tests_run() throws Exception {
        String example = Files.readString(PythonFunctionTest.EXAMPLES.resolve("my_prediction.py"));
        for (String line : pythonBlocks(Files.readString(DOC)).get(0).split("\n")) {
            assertThat(example).as("examples/python/my_prediction.py has the doc's line").contains(line.strip());
        }
    }
}
