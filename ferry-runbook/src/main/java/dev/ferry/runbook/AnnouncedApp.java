package dev.ferry.runbook;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.OutputSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An app known only from its {@link AppAnnouncement}, as {@link RunbookWriter} needs it: a descriptor
 * (name, description, owner, inputs and input format, outputs with their formats and schema
 * documents), the output schemas, and the platform profile under which it runs, so that the hub can
 * show an app's alert rules and runbook without its code. The rules are exactly those that
 * {@code ferry runbook} writes for the app under the same profile (they depend only on the name,
 * the inputs, the owner and the profile); the runbook leaves out what an announcement does not say
 * (batch size, consumers, concurrency, where a new group starts, the outputs' logic versions).
 *
 * <p>The descriptor's function is {@link #FUNCTION}: it describes the app, it cannot run it.
 */
public final class AnnouncedApp {

    /** The function of a descriptor rebuilt from an announcement: none that could be called. */
    public static final FunctionRef FUNCTION = new FunctionRef("announced", Map.of());

    private AnnouncedApp() {
    }

    /**
     * The app's alert rules and runbook under {@code profile}; every alert's {@code runbook_url} is the
     * announced runbook link, else the profile's {@code alerts.runbook-url} for the app, else
     * {@code linkIfNone}.
     *
     * @throws AppDefinitionException naming what is wrong, if the announcement does not describe an app
     *                                Ferry could run (no input topic, a bad topic name, ...)
     * @throws ProfileException       if the profile's {@code alerts.*} settings are invalid
     */
    public static RunbookTexts render(AppAnnouncement announcement, PlatformProfile profile, String linkIfNone) {
        String app = announcement.app();
        String link = !announcement.runbook().isBlank() ? announcement.runbook()
                : profile.alertRunbookUrl(app).orElse(linkIfNone);
        return RunbookWriter.render(descriptor(announcement), schemas(announcement), profile(announcement, profile),
                link, true);
    }

    /**
     * The descriptor the announcement describes: its name, description, owner, inputs, input format and
     * outputs (each with its format and its schema document), with the function {@link #FUNCTION}.
     *
     * @throws AppDefinitionException naming the app and what is wrong, if it is not a valid app
     */
    public static AppDescriptor descriptor(AppAnnouncement announcement) {
        AppDescriptor.Builder b = AppDescriptor.builder(announcement.app())
                .origin("the announcement of app '" + announcement.app() + "' (instance " + announcement.instance()
                        + ")")
                .description(announcement.description())
                .owner(announcement.owner())
                .topics(announcement.inputs())
                .inputFormat(announcement.inputFormat().isBlank() ? null : announcement.inputFormat())
                .function(FUNCTION);
        for (AppAnnouncement.Output o : announcement.outputs()) {
            b.output(new OutputDescriptor(o.topic(), Optional.of(o.format()), Optional.empty(), Optional.empty(),
                    Optional.of(new OutputDescriptor.SchemaDocument("announcement", o.schema()))));
        }
        return b.build();
    }

    /** The schema of every output, by topic, as announced. */
    public static Map<String, OutputSchema> schemas(AppAnnouncement announcement) {
        Map<String, OutputSchema> out = new LinkedHashMap<>();
        for (AppAnnouncement.Output o : announcement.outputs()) {
            out.put(o.topic(), new OutputSchema(o.format(), o.language(), o.schema()));
        }
        return out;
    }

    /**
     * {@code profile} with the guarantee the app announced it runs with (an app may ask for a stricter
     * one than the platform's), if it announced one this version of Ferry knows.
     */
    static PlatformProfile profile(AppAnnouncement announcement, PlatformProfile profile) {
        if (announcement.guarantee().isBlank()) {
            return profile;
        }
        try {
            Guarantee g = Guarantee.parse(announcement.guarantee(), "announcement");
            return profile.toBuilder().set("guarantee", g.key(), "the announcement of app '" + announcement.app()
                    + "'").build();
        } catch (ProfileException e) {
            return profile;
        }
    }
}
