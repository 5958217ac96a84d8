package dev.ferry.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Where the broker keeps its logs, and whether that place is ours to delete when done. */
final class DataDirectory {

    private static final String LOCK_FILE = "ferry-broker.lock";

    private final Path path;
    private final boolean temporary;
    private FileChannel lockChannel;
    private FileLock lock;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    static DataDirectory temporary() {
        try {
            return new DataDirectory(Files.createTempDirectory("ferry-kafka-").toAbsolutePath(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for the embedded Kafka broker.", e);
        }
    }

    /** A directory the caller owns; created if missing, never deleted. */
    static DataDirectory given(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("The Kafka data directory " + path
                    + " is a file, not a directory. Point dataDirectory() at a directory, or at a path that does not exist yet.");
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the Kafka data directory " + path + ".", e);
        }
        if (!Files.isWritable(path)) {
            throw new IllegalArgumentException("The Kafka data directory " + path + " is not writable.");
        }
        return new DataDirectory(path, false);
    }

    Path path() {
        return path;
    }

    /**
     * Takes the directory for one broker, before Kafka touches it: a second broker on a directory in use
     * (in this JVM or another process) would damage the first one's logs.
     */
    synchronized void lock() {
        try {
            lockChannel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock the Kafka data directory " + path + ".", e);
        }
        if (lock == null) {
            unlock();
            throw new IllegalStateException("The embedded Kafka broker failed to start: its data directory " + path
                    + " is locked: another process or thread is using this directory. Stop that broker, or choose "
                    + "another directory.");
        }
    }

    /** Releases the directory. */
    synchronized void unlock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unlock the Kafka data directory " + path + ".", e);
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    /** True when a previous run formatted this directory, so its data must be reused as is. */
    boolean isFormatted() {
        return Files.exists(path.resolve("meta.properties"));
    }

    /** Deletes the directory if it is a temporary one; a caller's directory is left alone. */
    void deleteIfTemporary() {
        if (temporary && Files.exists(path)) {
            deleteRecursively(path);
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the temporary Kafka data directory " + root + ".", e);
        }
    }
}
