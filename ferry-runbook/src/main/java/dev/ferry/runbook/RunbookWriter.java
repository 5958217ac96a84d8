package dev.ferry.runbook;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.spi.OutputSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes what operating one app takes besides the app itself: its alert rules, as a Prometheus rules
 * file and as a {@code PrometheusRule}, and its runbook, from its descriptor, its output schemas
 * ({@link dev.ferry.engine.FerryEngine#outputSchemas}) and the platform profile. The one entry point of
 * {@code ferry runbook} and {@code ferry package}, so that both write the same files.
 *
 * <pre>{@code
 * RunbookFiles files = RunbookWriter.write(app, FerryEngine.outputSchemas(app, profile), profile, dir);
 * }</pre>
 */
public final class RunbookWriter {

    /** The runbook's file name. */
    public static final String RUNBOOK = "RUNBOOK.md";

    private RunbookWriter() {
    }

    /**
     * Writes {@code <app>.rules.yaml}, {@code <app>.prometheusrule.yaml} and {@code RUNBOOK.md} into
     * {@code dir} (made if missing), replacing files of those names: the texts of
     * {@link #render(AppDescriptor, Map, PlatformProfile, String)}, whose alerts' {@code runbook_url} is
     * the profile's {@code alerts.runbook-url} for the app, else the runbook file's absolute path.
     *
     * @throws UncheckedIOException               if a file cannot be written, naming it
     * @throws dev.ferry.engine.ProfileException  if the profile's {@code alerts.*} settings are invalid
     */
    public static RunbookFiles write(AppDescriptor app, Map<String, OutputSchema> schemas, PlatformProfile profile,
                                     Path dir) {
        Path runbook = dir.resolve(RUNBOOK).toAbsolutePath().normalize();
        String link = profile.alertRunbookUrl(app.name()).orElse(runbook.toString());
        RunbookTexts texts = render(app, schemas, profile, link);
        RunbookFiles files = new RunbookFiles(dir.resolve(app.name() + ".rules.yaml"),
                dir.resolve(app.name() + ".prometheusrule.yaml"), dir.resolve(RUNBOOK));
        createDirectories(dir);
        writeFile(files.rules(), texts.rules());
        writeFile(files.prometheusRule(), texts.prometheusRule());
        writeFile(files.runbook(), texts.runbook());
        return files;
    }

    /**
     * The app's rules file, {@code PrometheusRule} and runbook as text, written nowhere: what
     * {@link #write} writes, with {@code runbookLink} as every alert's {@code runbook_url}.
     *
     * @throws dev.ferry.engine.ProfileException if the profile's {@code alerts.*} settings are invalid
     */
    public static RunbookTexts render(AppDescriptor app, Map<String, OutputSchema> schemas, PlatformProfile profile,
                                      String runbookLink) {
        return render(app, schemas, profile, runbookLink, false);
    }

    /** {@link #render}; {@code announced} says the descriptor was rebuilt from an announcement ({@link AnnouncedApp}). */
    static RunbookTexts render(AppDescriptor app, Map<String, OutputSchema> schemas, PlatformProfile profile,
                               String runbookLink, boolean announced) {
        List<AlertRule> rules = AppAlerts.of(app, profile, runbookLink);
        PrometheusRules prometheus = new PrometheusRules(app.name(), rules);
        return new RunbookTexts(prometheus.rulesFile(), prometheus.manifest(),
                new RunbookMarkdown(app, schemas, profile, rules, announced).render());
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + dir + ": " + e, e);
        }
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }
}
