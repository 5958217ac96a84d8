package dev.ferry.hub.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The pages' templates, compiled to Java by jte at build time (so a template that does not compile
 * fails the build, and nothing is compiled at run time). HTML content type: every {@code ${...}}
 * is escaped for where it stands (text, attribute), so event contents cannot inject markup.
 */
final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), Templates.class.getPackageName());

    /** Renders {@code name} (such as {@code topics.jte}) with its one parameter. */
    String render(String name, Object model) {
        StringOutput out = new StringOutput();
        engine.render(name, model, out);
        return out.toString();
    }
}
