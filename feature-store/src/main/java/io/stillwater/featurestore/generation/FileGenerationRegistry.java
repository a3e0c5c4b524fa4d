package io.stillwater.featurestore.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registry as a local file ({@code <workspace>/store/registry.json}). Readers read the file without
 * locks: it is only ever replaced whole by an atomic rename. Writers hold an exclusive lock on
 * {@code registry.lock} (an OS file lock across processes, plus a JVM lock across threads, since file locks
 * are per process), re-read the version under it and write only if it is unchanged.
 */
public final class FileGenerationRegistry extends GenerationRegistry {

  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private final Path file;
  private final Path lockFile;

  public FileGenerationRegistry(Path file) {
    this(file, Clock.systemUTC());
  }

  public FileGenerationRegistry(Path file, Clock clock) {
    super(clock);
    this.file = file.toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  /** The registry of a workspace's embedded store. */
  public static FileGenerationRegistry inWorkspace(Path workspace) {
    return new FileGenerationRegistry(workspace.resolve("store").resolve("registry.json"));
  }

  public Path file() {
    return file;
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public RegistryState read() {
    try {
      return parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return RegistryState.EMPTY;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read registry " + file, e);
    }
  }

  @Override
  protected boolean compareAndSet(long expectedVersion, RegistryState next) {
    JVM_LOCK.lock();
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        if (!lock.isValid() || read().version() != expectedVersion) {
          return false;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer b = ByteBuffer.wrap(json(next));
          while (b.hasRemaining()) {
            out.write(b);
          }
          out.force(true);
        }
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IOException("the registry's file system cannot rename atomically: " + file.getParent(), e);
        }
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write registry " + file, e);
    } finally {
      JVM_LOCK.unlock();
    }
  }
}
