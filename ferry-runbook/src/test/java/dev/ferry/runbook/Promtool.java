package dev.ferry.runbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus's own {@code promtool} (the Debian package's /usr/bin/promtool) and keeps what it said. */
final class Promtool {

    static final Path BINARY = Path.of("/usr/bin/promtool");

    /** What one run printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not end within 60s");
        }
        return new Result(p.exitValue(), output);
    }
}
