package io.stillwater.push.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedLedgerTest {

  @TempDir
  Path dir;

  @Test
  void keysSurviveAReopenUntilTheRetentionPassesThenTheFileIsCompacted() throws Exception {
    Path file = dir.resolve(PublishedLedger.FILE);
    long day = Duration.ofDays(1).toMillis();
    try (PublishedLedger ledger = PublishedLedger.open(file, Duration.ofDays(7), 0)) {
      ledger.record("search:u1:e1", "u1", 0);
      ledger.record("search:u1:e2", "u1", 5 * day);
    }
    try (PublishedLedger ledger = PublishedLedger.open(file, Duration.ofDays(7), 6 * day)) {
      assertThat(ledger.contains("search:u1:e1")).isTrue();
      assertThat(ledger.contains("search:u1:e3")).isFalse();
    }
    Files.writeString(file, "{\"key\": \"torn", java.nio.file.StandardOpenOption.APPEND); // a crash mid-line
    try (PublishedLedger ledger = PublishedLedger.open(file, Duration.ofDays(7), 8 * day)) {
      assertThat(ledger.contains("search:u1:e1")).isFalse();
      assertThat(ledger.contains("search:u1:e2")).isTrue();
      assertThat(ledger.size()).isEqualTo(1);
    }
    assertThat(Files.readAllLines(file)).hasSize(1);
  }

  @Test
  void aFifoDeduplicationIdIsTheKeyOrItsHashWhenTooLong() {
    assertThat(SqsPushSink.deduplicationId("search:u1:e1")).isEqualTo("search:u1:e1");
    assertThat(SqsPushSink.deduplicationId("x".repeat(200))).hasSize(64).matches("[0-9a-f]+");
  }
}
