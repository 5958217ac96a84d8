package dev.ferry.hub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The hub's stylesheet and htmx, read from the classpath once at start (htmx from its webjar,
 * {@code org.webjars.npm:htmx.org}): the pages load nothing from anywhere else.
 *
 * @param css  the stylesheet
 * @param htmx htmx, minified
 */
record Assets(byte[] css, byte[] htmx) {

    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/htmx.org/pom.properties";

    static Assets load() {
        return new Assets(read("dev/ferry/hub/web/hub.css"),
                read("META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/htmx.min.js"));
    }

    private static String htmxVersion() {
        Properties p = new Properties();
        try (InputStream in = stream(WEBJAR_POM)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEBJAR_POM, e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = stream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream stream(String resource) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the hub's asset " + resource + " is not on the classpath: ferry-hub needs "
                    + "org.webjars.npm:htmx.org and its own resources");
        }
        return in;
    }
}
