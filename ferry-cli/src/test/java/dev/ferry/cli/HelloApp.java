package dev.ferry.cli;

import dev.ferry.api.Ferry;
import java.util.List;

/** The smallest app, for commands that fail before it consumes anything. */
public class HelloApp {

    @Ferry(app = "cli-hello", topics = "cli.hello")
    public static void hello(List<String> events) {
    }
}
