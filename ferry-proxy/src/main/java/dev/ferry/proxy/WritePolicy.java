package dev.ferry.proxy;

import dev.ferry.proxy.wire.WireRecord;
import dev.ferry.proxy.wire.WriteReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what of a batch may be written, and how: each record's topic must be one the app declared
 * in the catalog, or its dead-letter topic; no other app may own it (in the catalog, or pinned in
 * the config file); its value must match the schema the app declared (and a pinned one). A batch is
 * written whole or not at all: the first record that breaks a rule rejects it, naming the rule, the
 * record's index and why. The records that pass get the envelope rules in force.
 */
final class WritePolicy {

    /** The rule names a rejection carries. */
    static final String UNDECLARED = "undeclared-topic";
    static final String OWNER = "topic-owner";
    static final String SCHEMA = "schema";

    /** What to do with a batch: write {@code records}, or answer {@code reply} without writing. */
    record Verdict(List<WireRecord> records, WriteReply reply) {
    }

    private final ProxyConfig config;
    private final Catalog catalog;
    private final SchemaChecks schemas;
    private final RulesFile rules;

    WritePolicy(ProxyConfig config, Catalog catalog, SchemaChecks schemas, RulesFile rules) {
        this.config = config;
        this.catalog = catalog;
        this.schemas = schemas;
        this.rules = rules;
    }

    /** The verdict on a batch of {@code app}'s, numbered {@code sequence}. */
    Verdict judge(String app, long sequence, List<WireRecord> records) {
        if (!catalog.knows(app) || !allDeclared(app, records)) {
            catalog.awaitFresh(config.catalogWait()); // it may have just started, its announcement on the way
        }
        if (!catalog.knows(app)) {
            return new Verdict(null, WriteReply.failed(sequence, "app '" + app + "' has no announcement on topic '"
                    + catalog.topic() + "' (announce.topic) yet, so the proxy does not know its outputs; it announces "
                    + "itself as it starts: check the app's profile has the same announce.topic"));
        }
        EnvelopeRules in = rules.current();
        List<WireRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            WireRecord r = records.get(i);
            if (r.topic().equals(config.deadLetterTopic(app))) {
                out.add(r); // a dead letter keeps its event's bytes as they were read
                continue;
            }
            Optional<String> broken = owner(app, r.topic());
            if (broken.isPresent()) {
                return new Verdict(null, WriteReply.rejected(sequence, i, OWNER, broken.get()));
            }
            Optional<Catalog.Declared> declared = catalog.declared(app, r.topic());
            if (declared.isEmpty()) {
                return new Verdict(null, WriteReply.rejected(sequence, i, UNDECLARED, "app '" + app
                        + "' did not declare output topic '" + r.topic() + "' (its announcement on '" + catalog.topic()
                        + "' lists " + listed(catalog.outputs(app)) + ")"));
            }
            Optional<String> invalid = invalid(app, declared.get(), r);
            if (invalid.isPresent()) {
                return new Verdict(null, WriteReply.rejected(sequence, i, SCHEMA, invalid.get()));
            }
            byte[] value = declared.get().output().format().equals("json")
                    ? in.apply(app, r.topic(), r.value()) : r.value();
            out.add(value == r.value() ? r : new WireRecord(r.topic(), r.key(), value, r.headers()));
        }
        return new Verdict(out, null);
    }

    private boolean allDeclared(String app, List<WireRecord> records) {
        for (WireRecord r : records) {
            if (!r.topic().equals(config.deadLetterTopic(app)) && catalog.declared(app, r.topic()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> owner(String app, String topic) {
        ProxyConfig.Pinned pin = config.pinned().get(topic);
        if (pin != null) {
            return pin.owner().equals(app) ? Optional.empty() : Optional.of("topic '" + topic + "' belongs to app '"
                    + pin.owner() + "' (topics." + topic + ".owner in " + config.file() + "); app '" + app
                    + "' may not write it");
        }
        Optional<String> owner = catalog.owner(topic);
        return owner.isEmpty() || owner.get().equals(app) ? Optional.empty() : Optional.of("topic '" + topic
                + "' belongs to app '" + owner.get() + "', which announced it first on '" + catalog.topic() + "'; app '"
                + app + "' may not write it (pin an owner with topics." + topic + ".owner in the proxy's config)");
    }

    private Optional<String> invalid(String app, Catalog.Declared declared, WireRecord r) {
        String topic = r.topic();
        try {
            Optional<String> v = schemas.violations(declared.output().format(), declared.output().schema(),
                    "the announcement of app '" + app + "'", r.value());
            if (v.isPresent()) {
                return Optional.of("output topic '" + topic + "': " + v.get() + " (the schema app '" + app
                        + "' declared, announced " + declared.announcedAt() + ")");
            }
            ProxyConfig.Pinned pin = config.pinned().get(topic);
            if (pin != null && pin.schema().isPresent()) {
                v = schemas.violations("json", pin.schema().get(), pin.source(), r.value());
                if (v.isPresent()) {
                    return Optional.of("output topic '" + topic + "': " + v.get() + " (the schema pinned by "
                            + pin.source() + " in " + config.file() + ")");
                }
            }
            return Optional.empty();
        } catch (SchemaChecks.Unusable e) {
            return Optional.of("output topic '" + topic + "' cannot be validated: " + e.getMessage());
        }
    }

    private static String listed(List<String> topics) {
        return topics.isEmpty() ? "none" : String.join(", ", topics);
    }
}
