package dev.ferry.it.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced {@code ```java} block of a Markdown file, with where it is (the file and the line of its
 * opening fence), so that a block that drifted from the code fails the build naming its place.
 */
record JavaSnippet(Path file, int line, List<String> lines, String namedSource) {

    /** A source file's name or path, such as {@code examples/src/main/java/dev/ferry/examples/PredictFoo.java}. */
    private static final Pattern JAVA_FILE = Pattern.compile("[\\w./-]+\\.java");

    /** A block whose opening line is a comment naming its source, such as {@code // from PredictFooIT.java}. */
    private static final Pattern NAMING_LINE = Pattern.compile("\\s*//.*?([\\w./-]+\\.java).*");

    /** Every {@code ```java} block of a Markdown file, in order. */
    static List<JavaSnippet> in(Path markdown) {
        List<String> text;
        try {
            text = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JavaSnippet> snippets = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String fence = text.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            int end = i + 1;
            while (end < text.size() && !text.get(end).strip().equals("```")) {
                end++;
            }
            if (fence.substring(3).strip().equals("java")) {
                snippets.add(of(markdown, i + 1, text.subList(i + 1, end), previousLine(text, i)));
            }
            i = end;
        }
        return snippets;
    }

    /**
     * The block, with the source it names, if it names one: in an HTML comment on the line above the
     * fence ({@code <!-- examples/src/test/java/dev/ferry/examples/PredictFooIT.java -->}), or in a
     * comment that is its first line ({@code // PredictFooIT.java}), which is then not compared.
     */
    private static JavaSnippet of(Path markdown, int line, List<String> body, String above) {
        List<String> lines = List.copyOf(body);
        String named = null;
        if (above.startsWith("<!--")) {
            Matcher m = JAVA_FILE.matcher(above);
            if (m.find()) {
                named = m.group();
            }
        }
        if (named == null && !lines.isEmpty()) {
            Matcher m = NAMING_LINE.matcher(lines.get(0));
            if (m.matches()) {
                named = m.group(1);
                lines = lines.subList(1, lines.size());
            }
        }
        return new JavaSnippet(markdown, line, lines, named);
    }

    private static String previousLine(List<String> text, int fence) {
        for (int i = fence - 1; i >= 0; i--) {
            if (!text.get(i).isBlank()) {
                return text.get(i).strip();
            }
        }
        return "";
    }

    /** Where the block is, {@code README.md:80}, relative to {@code root}. */
    String place(Path root) {
        return root.relativize(file) + ":" + line;
    }
}
