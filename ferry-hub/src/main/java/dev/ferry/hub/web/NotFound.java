package dev.ferry.hub.web;

/** A topic, group or app the hub does not know: a 404 page, or a 404 JSON error under /api. */
final class NotFound extends RuntimeException {

    NotFound(String message) {
        super(message);
    }
}
