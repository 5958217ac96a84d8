package dev.ferry.it.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fenced {@code ```java} block of a Markdown file, with where it is (the file and the line of its
 * opening fence), so that a block that drifted from the code fails the build naming its place.
 */
record JavaSnippet(Path file, int line, List<String> lines) {

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
                snippets.add(new JavaSnippet(markdown, i + 1, List.copyOf(text.subList(i + 1, end))));
            }
            i = end;
        }
        return snippets;
    }

    /** Where the block is, {@code README.md:80}, relative to {@code root}. */
    String place(Path root) {
        return root.relativize(file) + ":" + line;
    }
}
