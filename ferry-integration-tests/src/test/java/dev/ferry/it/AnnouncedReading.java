package dev.ferry.it;

/** The event of {@link VersionedApp}: top level, so the app's class has no nested class for its own loader to resolve. */
public record AnnouncedReading(int id, String sensor) { }
