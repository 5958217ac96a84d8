package dev.ferry.it;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Text to search for a secret: an exception with its whole chain and stack, as a log would print it. */
final class SecretScan {

    private SecretScan() {
    }

    static String everything(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
