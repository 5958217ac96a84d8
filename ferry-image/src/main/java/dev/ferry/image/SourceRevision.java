package dev.ferry.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The commit and origin of the project an image is built from, from {@code git}, for the image's
 * {@code org.opencontainers.image.revision} and {@code .source} labels: which code runs in production.
 *
 * @param commit the full commit id ({@code git rev-parse HEAD}), or empty when not a git work tree
 * @param source the {@code origin} remote's URL, or empty
 * @param dirty  whether the work tree had changes not committed
 */
public record SourceRevision(String commit, String source, boolean dirty) {

    /** No git repository: no revision is known. */
    public static final SourceRevision UNKNOWN = new SourceRevision("", "", false);

    /** The revision of the git work tree {@code dir} is in, or {@link #UNKNOWN} (not a repository, no git). */
    public static SourceRevision of(Path dir) {
        Optional<String> commit = git(dir, "rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return UNKNOWN;
        }
        String source = git(dir, "config", "--get", "remote.origin.url").orElse("");
        boolean dirty = git(dir, "status", "--porcelain", "--untracked-files=no").map(s -> !s.isEmpty()).orElse(false);
        return new SourceRevision(commit.get(), source, dirty);
    }

    private static Optional<String> git(Path dir, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git installed: the revision is unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
