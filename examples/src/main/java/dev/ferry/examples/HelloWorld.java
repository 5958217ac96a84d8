package dev.ferry.examples;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import java.util.List;

/** The talk's hello world: consume raw JSON events from one topic, print them, emit nothing. */
public class HelloWorld {

    @Ferry(app = "hello-world", topics = "some.topic", start = Start.BEGINNING)
    public static void helloWorld(List<String> messages) {
        messages.forEach(m -> System.out.println("Hello world, I have consumed " + m));
    }
}
