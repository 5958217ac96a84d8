package dev.ferry.image;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jib's events as lines for a person watching: each task Jib starts (pulling the base image, building
 * a layer, pushing a blob) once, with the share of the whole build done; warnings and errors as they come. It
 * also adds up the blobs a push handles, for the image's size.
 */
final class ImageProgress {

    private static final String PUSHING_BLOB = "pushing blob ";

    private final PrintWriter out;
    private final Map<String, Long> pushedBlobs = new ConcurrentHashMap<>();
    private final Set<String> started = new HashSet<>();
    private double done;

    ImageProgress(PrintWriter out) {
        this.out = out;
    }

    void log(LogEvent event) {
        if (event.getMessage().isBlank()) {
            return;
        }
        switch (event.getLevel()) {
            case ERROR, WARN -> line(event.getLevel().name().toLowerCase() + ": " + event.getMessage());
            case LIFECYCLE -> line(event.getMessage());
            default -> {
                // progress, info and debug lines repeat what the progress events say
            }
        }
    }

    void progress(ProgressEvent event) {
        String description = event.getAllocation().getDescription();
        if (description.startsWith(PUSHING_BLOB)) {
            pushedBlobs.put(description.substring(PUSHING_BLOB.length()), event.getAllocation().getAllocationUnits());
        }
        account(event.getAllocation(), event.getUnits());
    }

    /** The bytes of every blob pushed or found already in the registry, or -1 when there was no push. */
    long pushedBytes() {
        return pushedBlobs.isEmpty() ? -1 : pushedBlobs.values().stream().mapToLong(Long::longValue).sum();
    }

    private synchronized void account(Allocation allocation, long units) {
        if (allocation.getAllocationUnits() > 0) {
            done += allocation.getFractionOfRoot() * units / allocation.getAllocationUnits();
        }
        String description = allocation.getDescription();
        if (started.add(description)) {
            line(String.format("[%3d%%] %s", Math.round(Math.min(done, 1.0) * 100), description));
        }
    }

    private synchronized void line(String text) {
        out.println("ferry package: " + text);
        out.flush();
    }
}
