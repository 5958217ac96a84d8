package dev.ferry.format.avro;

import dev.ferry.api.Envelope;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.spi.WriterContext;
import dev.ferry.format.avro.JavaShape.RecordShape;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The Avro schema of one output topic, decided at start-up: derived from the declared record type,
 * or from the standard envelope of the declared payload type, or read from the declared
 * {@code .avsc} document. Given a type and a document, the document is the schema (it is what
 * readers agreed to) and the type must fit it ({@link TypeFit}); what does not fit fails now,
 * naming each field.
 */
final class OutputSchemas {

    private OutputSchemas() {
    }

    /**
     * The topic's schema.
     *
     * @throws AppDefinitionException starting with {@code context.where()}, if there is none or it is wrong
     */
    static Schema of(WriterContext context) {
        String where = context.where();
        Optional<Type> type = eventType(context);
        Optional<OutputDescriptor.SchemaDocument> document = context.output().document();
        RecordShape shape = type.map(t -> shape(t, where)).orElse(null);
        if (document.isPresent()) {
            Schema schema = parse(document.get(), where);
            if (shape != null) {
                List<String> problems = TypeFit.problems(shape, schema);
                if (!problems.isEmpty()) {
                    throw new AppDefinitionException(where + ": " + shape.typeName() + " does not fit the Avro "
                            + "schema " + document.get().source() + ": " + String.join("; ", problems));
                }
            }
            return schema;
        }
        if (shape == null) {
            throw new AppDefinitionException(where + " has no schema: give schema = YourEvent.class, payload = "
                    + "YourPayload.class (for the standard envelope) or schemaResource = \"schemas/"
                    + context.output().topic() + ".avsc\"");
        }
        try {
            return SchemaDerivation.of(shape);
        } catch (ShapeException e) {
            throw new AppDefinitionException(where + ": cannot derive an Avro schema from " + shape.typeName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Optional<Type> eventType(WriterContext context) {
        if (context.payloadType().isPresent()) {
            Class<?> payload = context.payloadType().get();
            if (context.type().isPresent() && context.type().get() != Envelope.class) {
                throw new AppDefinitionException(context.where() + " gives both schema and payload: use payload for "
                        + "an Envelope of that type, or schema for the type itself");
            }
            return Optional.of(envelopeOf(payload));
        }
        return context.type().map(t -> t);
    }

    private static RecordShape shape(Type type, String where) {
        try {
            return JavaShapes.ofRecord(type);
        } catch (ShapeException e) {
            throw new AppDefinitionException(where + ": cannot derive an Avro schema from " + type.getTypeName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Schema parse(OutputDescriptor.SchemaDocument document, String where) {
        try {
            return AvroDocuments.parse(document.text());
        } catch (AvroDocuments.InvalidSchemaException e) {
            throw new AppDefinitionException(where + ": Avro schema " + document.source() + " is invalid: "
                    + e.getMessage(), e);
        }
    }

    /** The type {@code Envelope<payload>}. */
    static ParameterizedType envelopeOf(Class<?> payload) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {payload};
            }

            @Override
            public Type getRawType() {
                return Envelope.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }

            @Override
            public String getTypeName() {
                return Envelope.class.getName() + "<" + payload.getName() + ">";
            }
        };
    }
}
