package dev.ferry.image;

/** Packaging an image failed for a reason the user can fix; the message says what and where. */
public final class ImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
