package dev.ferry.hub.web;

/** A request the hub cannot serve as asked (a bad peek, an unknown sort): a 400 with the reason. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message);
    }

    BadRequest(String message, Throwable cause) {
        super(message, cause);
    }
}
