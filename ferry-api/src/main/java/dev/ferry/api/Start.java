package dev.ferry.api;

/** Where an app with no committed offsets starts reading its input topics. */
public enum Start {
    /** The oldest event still kept in each partition. */
    BEGINNING,
    /** Only events written after the app first joined. */
    END
}
