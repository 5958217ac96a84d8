package dev.ferry.engine.internal;

import java.util.List;

/**
 * The pure part of handling a batch: decode, call the function, validate and encode what it
 * returned. It writes nothing, so the same code runs in the engine and in the broker-less test kit.
 * One per consumer (it holds that consumer's function instance).
 */
public final class BatchProcessor {

    private final InputDecoder decoder;
    private final FunctionInvoker invoker;
    private final OutputEncoder encoder;

    /** A processor from its three stages. */
    public BatchProcessor(InputDecoder decoder, FunctionInvoker invoker, OutputEncoder encoder) {
        this.decoder = decoder;
        this.invoker = invoker;
        this.encoder = encoder;
    }

    /** Processes a batch into the records to write, or fails without side effects of its own. */
    public List<OutRecord> process(List<InRecord> batch) throws ProcessingException {
        List<Object> events = decoder.decode(batch);
        Object returned = invoker.invoke(events);
        return encoder.encode(returned);
    }
}
