package dev.ferry.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the engine logs while a test runs: a Logback {@link ListAppender} on the {@code dev.ferry.engine}
 * loggers, from construction until {@link #close()}. Lines read as {@code LEVEL message}, with the
 * arguments filled in, in the order they were logged.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.ferry.engine");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Every line logged so far, as {@code LEVEL message}. */
    List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    /** The lines logged so far that contain {@code text}. */
    List<String> linesWith(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    /** The lines logged so far at {@code level} that contain {@code text}. */
    List<String> linesWith(Level level, String text) {
        return lines().stream().filter(l -> l.startsWith(level + " ") && l.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
