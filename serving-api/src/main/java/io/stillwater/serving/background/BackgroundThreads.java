package io.stillwater.serving.background;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for the API's background work (the prediction log's Parquet writes, loading a new generation's model):
 * daemon threads that run at the lowest OS scheduling priority (nice 19), so that they take only the CPU the
 * requests leave. On 2 cores, a Parquet write at normal priority held one core for ~250 ms every few seconds,
 * and the requests that arrived meanwhile made the p99.
 *
 * <p>Java has no API for a thread's OS priority (its thread priorities are ignored on Linux without root), so
 * this calls the C library through JNA. Where that is not possible (not Linux), the thread runs at normal
 * priority and says so once in the log.
 */
public final class BackgroundThreads implements ThreadFactory {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);
  /** The lowest priority on Linux. */
  static final int NICE = 19;
  private static final int PRIO_PROCESS = 0;

  private final String name;

  /** Threads named {@code name}. */
  public BackgroundThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable work) {
    Thread t = new Thread(() -> {
      lowerPriority();
      work.run();
    }, name);
    t.setDaemon(true);
    return t;
  }

  /** Lowers the calling thread to {@link #NICE}; false when this system does not allow it. */
  static boolean lowerPriority() {
    LibC c = LibC.instance();
    if (c == null) {
      return false;
    }
    // On Linux each thread has its own nice value; PRIO_PROCESS with a thread id sets that thread's.
    if (c.setpriority(PRIO_PROCESS, c.gettid(), NICE) != 0) {
      LOG.warn("cannot lower the priority of thread {}: setpriority failed (errno {})",
          Thread.currentThread().getName(), Native.getLastError());
      return false;
    }
    return true;
  }

  /** The two C library calls, loaded once per JVM. */
  interface LibC extends Library {
    int gettid();

    int setpriority(int which, int who, int prio);

    static LibC instance() {
      return Holder.LIBC;
    }
  }

  private static final class Holder {
    static final LibC LIBC = load();

    private static LibC load() {
      try {
        LibC c = Native.load("c", LibC.class);
        c.gettid(); // glibc 2.30 or later
        return c;
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        LOG.info("background threads run at normal priority: {}", e.toString());
        return null;
      }
    }
  }
}
