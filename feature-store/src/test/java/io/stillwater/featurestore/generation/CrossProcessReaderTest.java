package io.stillwater.featurestore.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwater.features.definition.Entity;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store with its reader in another JVM: committed writes and a flip are seen there, no failed read. */
@Timeout(90)
class CrossProcessReaderTest {

  @TempDir Path workspace;

  @Test
  void aReaderInAnotherProcessSeesWritesAndFlipsWithoutFailedReads() throws Exception {
    GenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    Function<Slot, OnlineStore> opener = EmbeddedSlots.opener(workspace);
    Generation g1 = FlipFixture.generation(registry, opener, Slot.BLUE);
    registry.promote(g1.number(), 0);
    Generation g2 = FlipFixture.generation(registry, opener, Slot.GREEN);

    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(Arrays.asList(System.getProperty("stillwater.lmdbJvmFlags",
        "--add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED").split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LiveReaderChild.class.getName(),
        workspace.toString(), Integer.toString(g2.number())));
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("READY");
      try (OnlineStore blue = opener.apply(Slot.BLUE)) {
        blue.upsert(List.of(new StoredState(Entity.USER, "marker", 1, "written-by-parent".getBytes(StandardCharsets.UTF_8))));
      }
      assertThat(out.readLine()).isEqualTo("MARKER written-by-parent");
      registry.promote(g2.number(), g1.number());
      String done = out.readLine();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(done).startsWith("DONE").contains("failures=0 ", "seen=[" + g1.number() + ", " + g2.number() + "]",
          "marker=true");
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }
  }
}
