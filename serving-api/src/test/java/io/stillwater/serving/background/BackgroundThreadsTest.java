package io.stillwater.serving.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {

  /** Field 19 of /proc/thread-self/stat: the calling thread's nice value (after the command name's parentheses). */
  private static int niceOfThisThread() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  @Test
  void a_background_thread_runs_at_the_lowest_priority_and_the_caller_keeps_its_own() throws Exception {
    int callerBefore = niceOfThisThread();
    CompletableFuture<Integer> nice = new CompletableFuture<>();
    CompletableFuture<String> name = new CompletableFuture<>();
    Thread t = new BackgroundThreads("test-background").newThread(() -> {
      try {
        name.complete(Thread.currentThread().getName());
        nice.complete(niceOfThisThread());
      } catch (Exception e) {
        nice.completeExceptionally(e);
      }
    });
    assertThat(t.isDaemon()).isTrue();
    t.start();
    assertThat(nice.get(30, TimeUnit.SECONDS)).isEqualTo(BackgroundThreads.NICE);
    assertThat(name.get()).isEqualTo("test-background");
    assertThat(niceOfThisThread()).isEqualTo(callerBefore);
  }
}
