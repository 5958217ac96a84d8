package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the platform profile as the engine documents it (the file named by FERRY_PROFILE, else
 * ferry.yaml if present, then FERRY_* variables), with --profile in place of FERRY_PROFILE and
 * relative paths taken from the command's working directory.
 */
final class Profiles {

    private Profiles() {
    }

    static PlatformProfile load(Map<String, String> env, Path workDir, Path option) {
        PlatformProfile.Builder profile = PlatformProfile.builder();
        Path file = file(env, workDir, option);
        if (file != null) {
            profile.file(file);
        }
        return profile.environment(env).build();
    }

    private static Path file(Map<String, String> env, Path workDir, Path option) {
        if (option != null) {
            return existing(workDir.resolve(option), "--profile " + option);
        }
        String named = env.get("FERRY_PROFILE");
        if (named != null) {
            return existing(workDir.resolve(named), "FERRY_PROFILE=" + named);
        }
        Path standard = workDir.resolve(PlatformProfile.DEFAULT_FILE);
        return Files.isRegularFile(standard) ? standard : null;
    }

    private static Path existing(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(what + ": no such file (" + file + ")");
        }
        return file;
    }
}
