package dev.ferry.it.docs;

import java.util.List;

/**
 * Whether a documentation block is the text of a source file, and if not, how far it got.
 *
 * <p>The rule, kept simple enough to state in one paragraph of {@code docs/CONTRIBUTING.md}: lines
 * are compared without their indentation, and blank lines do not count. The block's lines must be
 * consecutive lines of the source, which may have comment lines in between (Javadoc, the
 * {@code // tag::name[]} markers) that the block leaves out. A block line that ends in
 * {@code { ... }} or <code>{ /* what it does *&#47; }</code> leaves a body out: it matches a source
 * line that starts with its text before the {@code {} and opens a body there (a {@code throws}
 * clause may come between), and the body up to the brace that closes it.
 * A block that leaves a body out is an outline of the class, so the source may also have members
 * between the block's lines (fields, other methods) that the block does not show.
 */
final class SourceMatch {

    /** The result for one source file: matched, or the number of the block's lines that did and the source line after. */
    record Result(boolean matched, int blockLinesMatched, int sourceLine) {
    }

    private final List<String> block;
    private final boolean outline;

    SourceMatch(List<String> blockLines) {
        this.block = blockLines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        this.outline = block.stream().anyMatch(SourceMatch::elides);
    }

    /** The block's lines without indentation and blank lines. */
    List<String> lines() {
        return block;
    }

    /** The best attempt to find the block in {@code source}'s lines. */
    Result in(List<String> source) {
        List<String> lines = source.stream().map(String::strip).toList();
        Result best = new Result(false, 0, 0);
        if (block.isEmpty()) {
            return new Result(true, 0, 0);
        }
        for (int start = 0; start < lines.size(); start++) {
            if (!matchesLine(block.get(0), lines.get(start))) {
                continue;
            }
            Result r = from(lines, start);
            if (r.matched()) {
                return r;
            }
            if (r.blockLinesMatched() > best.blockLinesMatched()) {
                best = r;
            }
        }
        return best;
    }

    private Result from(List<String> lines, int start) {
        int k = start;
        int j = 0;
        while (j < block.size()) {
            if (k >= lines.size()) {
                return new Result(false, j, k + 1);
            }
            String want = block.get(j);
            String have = lines.get(k);
            if (matchesLine(want, have)) {
                k = elides(want) ? afterBody(lines, k) : k + 1;
                j++;
            } else if (have.isEmpty() || isComment(have) || outline) {
                k++;
            } else {
                return new Result(false, j, k + 1);
            }
        }
        return new Result(true, j, k);
    }

    private static boolean matchesLine(String want, String have) {
        if (!elides(want)) {
            return want.equals(have);
        }
        String signature = want.substring(0, elision(want)).strip();
        return have.startsWith(signature) && have.contains("{") && !have.substring(signature.length()).contains(";");
    }

    /** Whether a block line leaves a body out: it ends in "{ ... }" or "{ /* ... *&#47; }". */
    private static boolean elides(String line) {
        return elision(line) >= 0;
    }

    private static int elision(String line) {
        if (line.endsWith("{ ... }")) {
            return line.length() - "{ ... }".length();
        }
        if (line.endsWith("*/ }")) {
            return line.lastIndexOf("{ /*");
        }
        return -1;
    }

    /** The index of the line after the body that opens on line {@code k}, counting braces outside strings. */
    private static int afterBody(List<String> lines, int k) {
        int depth = 0;
        for (int i = k; i < lines.size(); i++) {
            depth += braces(lines.get(i));
            if (depth <= 0) {
                return i + 1;
            }
        }
        return lines.size();
    }

    private static int braces(String line) {
        int depth = 0;
        boolean inString = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '\'') {
                inString = true;
                quote = c;
            } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        return depth;
    }

    private static boolean isComment(String line) {
        return line.startsWith("//") || line.startsWith("/*") || line.startsWith("*");
    }
}
