package dev.ferry.engine.spi;

/** Turns one input event's value bytes into a value of the type it was made for. Thread-safe. */
@FunctionalInterface
public interface InputCodec {

    /**
     * Decodes a value; never given null (the engine reports tombstones itself, or hands them to a function that takes them as null).
     *
     * @throws FormatException saying why the bytes are not a value of that type
     */
    Object decode(byte[] value) throws FormatException;
}
