package dev.ferry.it.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real tools the image tests run (umoci, runc, skopeo, docker-registry), and a check that they are there. */
final class Tools {

    /** The Debian packages the image tests need, for the failure message and CI. */
    static final String PACKAGES = "umoci runc skopeo docker-registry";

    private Tools() {
    }

    /** Fails, naming the Debian package, unless {@code command} is on the PATH. */
    static void require(String command, String debianPackage) {
        boolean found = List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
        assertThat(found).as("'" + command + "' is not on the PATH: install the Debian package " + debianPackage
                + " (the image tests need: apt-get install " + PACKAGES + ")").isTrue();
    }

    /** What a command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code command} in {@code dir} with extra environment variables, and waits for it (at most 5 minutes). */
    static Run run(Path dir, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("ferry-tool-", ".out");
            Path err = Files.createTempFile("ferry-tool-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not end within 5 minutes");
            }
            Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code command} and fails with its output unless it exits with 0. */
    static Run ok(Path dir, List<String> command) {
        Run r = run(dir, Map.of(), command);
        assertThat(r.exitCode()).as(command + " failed:\n" + r.out() + r.err()).isZero();
        return r;
    }
}
