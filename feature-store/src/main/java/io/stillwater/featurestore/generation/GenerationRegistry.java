package io.stillwater.featurestore.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Records each generation and the live pointer. The registry is one JSON document ({@link RegistryState})
 * with a version; every change is a compare-and-set on that version, so two operators can never both win a
 * flip: {@link #promote} and {@link #rollback} take the live generation the caller saw, and fail with
 * {@link RegistryRefusal.Conflict} if it has moved. Backends supply only load and compare-and-set.
 */
public abstract class GenerationRegistry implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private final Clock clock;

  protected GenerationRegistry(Clock clock) {
    this.clock = clock;
  }

  /** The current document ({@link RegistryState#EMPTY} if none was written yet). */
  public abstract RegistryState read();

  /** Writes {@code next} only if the stored version is still {@code expectedVersion}. */
  protected abstract boolean compareAndSet(long expectedVersion, RegistryState next);

  /** Where the registry lives, for messages. */
  public abstract String location();

  @Override
  public void close() {}

  protected static byte[] json(RegistryState s) {
    try {
      return JSON.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static RegistryState parse(byte[] bytes) {
    try {
      return JSON.readValue(bytes, RegistryState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable generation registry", e);
    }
  }

  /** Applies {@code change} with compare-and-set, re-reading and re-applying when another writer got in first. */
  protected RegistryState update(UnaryOperator<RegistryState> change) {
    for (int attempt = 0; ; attempt++) {
      RegistryState current = read();
      RegistryState next = change.apply(current);
      if (compareAndSet(current.version(), next)) {
        return next;
      }
      if (attempt > 1000) {
        throw new IllegalStateException("registry " + location() + " keeps changing under us");
      }
      Thread.onSpinWait();
    }
  }

  private Instant now() {
    return clock.instant();
  }

  private static Generation require(RegistryState s, int number) {
    return s.generation(number).orElseThrow(() -> new RegistryRefusal("no generation " + number));
  }

  /**
   * Starts a generation in {@code slot} (state building). Refused when that slot is live. The generation
   * that held the slot before (if any) is replaced: it can no longer be promoted or rolled back to.
   */
  public Generation begin(Slot slot, String modelId, String featureSchemaVersion, String snapshot,
      Instant backfillWatermark, String streamStartPosition) {
    Generation[] made = new Generation[1];
    update(s -> {
      s.liveGeneration().filter(g -> g.slot() == slot).ifPresent(g -> {
        throw new RegistryRefusal("slot " + slot.wireName() + " holds live generation " + g.number()
            + "; load the standby slot " + slot.other().wireName());
      });
      made[0] = new Generation(s.nextNumber(), slot, modelId, featureSchemaVersion, snapshot, backfillWatermark,
          streamStartPosition, GenerationState.BUILDING, -1, now(), null, null, null, null);
      return s.replacing(made[0]);
    });
    return made[0];
  }

  /** A completed load: building → ready. */
  public Generation markReady(int number, long rowsLoaded) {
    return change(number, (s, g) -> {
      requireOccupant(s, g);
      if (g.state() != GenerationState.BUILDING) {
        throw new RegistryRefusal("generation " + number + " is " + g.state().wireName() + ", not building");
      }
      return g.ready(rowsLoaded, now());
    });
  }

  public Generation markVerified(int number) {
    return change(number, (s, g) -> {
      requireOccupant(s, g);
      if (g.state() == GenerationState.BUILDING) {
        throw new RegistryRefusal("generation " + number + " is incomplete (building): its load never finished");
      }
      return g.verified(now());
    });
  }

  public Generation setStreamStartPosition(int number, String position) {
    return change(number, (s, g) -> g.withStreamStart(position));
  }

  private interface GenChange {
    Generation apply(RegistryState s, Generation g);
  }

  private Generation change(int number, GenChange f) {
    Generation[] out = new Generation[1];
    update(s -> {
      out[0] = f.apply(s, require(s, number));
      return s.replacing(out[0]);
    });
    return out[0];
  }

  private static void requireOccupant(RegistryState s, Generation g) {
    Generation occupant = s.occupant(g.slot()).orElseThrow();
    if (occupant.number() != g.number()) {
      throw new RegistryRefusal("generation " + g.number() + " was replaced in slot " + g.slot().wireName()
          + " by generation " + occupant.number());
    }
  }

  /**
   * Makes {@code number} live if the live generation is still {@code expectedLive} (0: none). Refused unless
   * it is ready, verified and still in its slot.
   */
  public RegistryState promote(int number, int expectedLive) {
    return update(s -> {
      if (s.live() != expectedLive) {
        throw new RegistryRefusal.Conflict("live generation moved: expected " + expectedLive + ", now " + s.live());
      }
      Generation g = require(s, number);
      requireOccupant(s, g);
      switch (g.state()) {
        case BUILDING -> throw new RegistryRefusal("generation " + number + " is incomplete (building): its load never finished");
        case LIVE -> throw new RegistryRefusal("generation " + number + " is already live");
        case RETIRED -> throw new RegistryRefusal("generation " + number + " is retired; use rollback");
        case READY -> { }
      }
      if (g.verifiedAt() == null) {
        throw new RegistryRefusal("generation " + number + " is not verified; run 'generation verify' first");
      }
      return flip(s, g);
    });
  }

  /** Makes the previous live generation live again, if the live one is still {@code expectedLive}. */
  public RegistryState rollback(int expectedLive) {
    return update(s -> {
      if (s.live() != expectedLive) {
        throw new RegistryRefusal.Conflict("live generation moved: expected " + expectedLive + ", now " + s.live());
      }
      if (s.previousLive() == 0) {
        throw new RegistryRefusal("no previous live generation to roll back to");
      }
      Generation g = require(s, s.previousLive());
      requireOccupant(s, g);
      if (g.state() != GenerationState.RETIRED) {
        throw new RegistryRefusal("generation " + g.number() + " is " + g.state().wireName() + ", not retired");
      }
      return flip(s, g);
    });
  }

  private RegistryState flip(RegistryState s, Generation to) {
    Instant now = now();
    List<Generation> gens = new ArrayList<>();
    for (Generation x : s.generations()) {
      if (x.number() == to.number()) {
        gens.add(x.withState(GenerationState.LIVE, now));
      } else if (x.number() == s.live()) {
        gens.add(x.withState(GenerationState.RETIRED, now));
      } else {
        gens.add(x);
      }
    }
    return s.next(to.number(), s.live(), gens);
  }
}
