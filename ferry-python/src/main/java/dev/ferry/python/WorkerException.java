package dev.ferry.python;

/**
 * A worker that could not answer a batch: it exited, hung past the timeout, or broke the protocol.
 * The batch fails as a function failure (retried, then narrowed down to the event), and the next
 * batch gets a new worker.
 */
final class WorkerException extends Exception {

    private static final long serialVersionUID = 1L;

    WorkerException(String message) {
        super(message);
    }
}
