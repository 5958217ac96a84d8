package dev.ferry.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What Ferry logs while a test runs (the {@code dev.ferry} loggers, INFO and up), for tests of what the log says. */
final class CapturedLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.ferry");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing. */
    static CapturedLog start() {
        return new CapturedLog();
    }

    /** Every event so far, in order. */
    List<ILoggingEvent> events() {
        synchronized (appender) { // the appender appends under its own monitor
            return List.copyOf(appender.list);
        }
    }

    /** Every message so far, formatted, in order. */
    List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
