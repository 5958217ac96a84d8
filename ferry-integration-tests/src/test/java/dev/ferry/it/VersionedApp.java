package dev.ferry.it;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import java.util.List;

/**
 * An app that {@link AnnouncementTest} loads from a jar whose manifest names its version, as a
 * project made by {@code ferry new} packages it. Public, with public types only: the jar's loader
 * defines this class, its parent everything else.
 */
public class VersionedApp {

    /** Passes readings on. */
    @Ferry(app = "announced", topics = "ann.in", start = Start.BEGINNING,
            outputs = @Output(topic = "ann.out", schema = AnnouncedReading.class),
            description = "Passes readings on.", owner = "ds-platform@example.com")
    public static List<AnnouncedReading> run(List<AnnouncedReading> events) {
        return events;
    }
}
