package io.stillwater.serving.http;

import io.stillwater.features.definition.Entity;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.recommend.Flag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Sends the API recommendation requests for some of the live generation's users, over loopback HTTP, before it
 * says it is ready, so that its first real requests run on the JIT's optimized code: Jetty's and Javalin's as
 * well as the handler's. Measured (BENCHMARKS.md): a cold API served its first 30 s at 1,000 requests/s with a
 * p99 of ~600 ms; warmed up in-process only (the handler without the HTTP layer), still 66 ms after 60 s.
 *
 * <p>The requests carry {@link #HEADER} with this server's random token; the API answers them as any other but
 * neither logs them to the prediction log nor counts them in the metrics.
 */
public final class WarmUp {

  /** The header that marks a warm-up request; its value is the server's token, unknown outside the process. */
  static final String HEADER = "X-Stillwater-Warm-Up";
  /** How many of the live users the warm-up cycles through. */
  static final int USERS = 200;
  /** Requests in flight at once: enough to keep Jetty's threads busy, few enough to leave the compiler a core. */
  static final int IN_FLIGHT = 4;

  /** What the warm-up did: requests answered (and how many not with 200), or why it did not run. */
  public record Result(int requests, int failed, Duration took, String skipped) {
    static Result skipped(String why) {
      return new Result(0, 0, Duration.ZERO, why);
    }
  }

  private final LiveServing live;
  private final String token;

  WarmUp(LiveServing live, String token) {
    this.live = live;
    this.token = token;
  }

  /** Whether a request is one of the warm-up's. */
  boolean marks(String headerValue) {
    return token.equals(headerValue);
  }

  /** Sends requests to {@code base} for {@code budget} (none when nothing is live or the model is not loaded). */
  Result run(URI base, Duration budget) {
    if (budget.isZero() || budget.isNegative()) {
      return Result.skipped("no warm-up asked for");
    }
    LiveServing.Current current = live.current().orElse(null);
    if (current == null) {
      return Result.skipped("nothing is live");
    }
    if (current.model().isEmpty()) {
      return Result.skipped("the live model is not loaded");
    }
    List<String> users;
    try {
      users = current.view().store().ids(Entity.USER, USERS).stream()
          .filter(id -> RequestValidation.USER_ID.matcher(id).matches()).toList();
    } catch (RuntimeException e) {
      // e.g. a role without Scan on the slot tables: serve cold rather than not at all
      return Result.skipped("cannot list the live users: " + e.getMessage());
    }
    if (users.isEmpty()) {
      return Result.skipped("the live generation has no users");
    }
    // Every flag, and the three most apps ask for, so that each candidate set and list is run.
    List<HttpRequest> requests = new ArrayList<>();
    for (String u : users) {
      for (List<Flag> flags : List.of(Arrays.asList(Flag.values()), List.of(Flag.SLEEP, Flag.FOCUS, Flag.FOR_YOU))) {
        requests.add(HttpRequest.newBuilder(base.resolve("/v1/recommendations")).header(HEADER, token)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(u, flags)))
            .build());
      }
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    long end = start + budget.toNanos();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT; i++) {
      loops.add(CompletableFuture.runAsync(() -> {
        while (System.nanoTime() < end) {
          HttpRequest r = requests.get(Math.floorMod(sent.getAndIncrement(), requests.size()));
          try {
            if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
              failed.incrementAndGet();
            }
          } catch (IOException e) {
            failed.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, runnable -> new Thread(runnable, "warm-up").start()));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    return new Result(sent.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start), null);
  }

  private static String body(String userId, List<Flag> flags) {
    return "{\"user_id\":\"" + userId + "\",\"flags\":["
        + flags.stream().map(f -> "\"" + f.wireName() + "\"").collect(Collectors.joining(",")) + "],\"limit\":10}";
  }
}
