package dev.ferry.kubernetes;

/**
 * What applying one object did, as its progress line says it: {@code created}, {@code configured}
 * (it differed and was replaced), {@code unchanged} (nothing was written), or {@code deleted} (Ferry
 * made it for this app before, and it is no longer part of it, or the app was undeployed).
 *
 * @param object the object, as kubectl names it ({@code deployment/predict})
 * @param action what happened to it
 */
public record Change(String object, Action action) {

    /** What happened to an object. */
    public enum Action {
        /** It did not exist and was created. */
        CREATED,
        /** It existed with other contents and was replaced. */
        CONFIGURED,
        /** It existed as generated; nothing was written. */
        UNCHANGED,
        /** It was removed. */
        DELETED
    }

    /** The progress line, such as {@code deployment/predict created}. */
    @Override
    public String toString() {
        return object + " " + action.name().toLowerCase(java.util.Locale.ROOT);
    }
}
