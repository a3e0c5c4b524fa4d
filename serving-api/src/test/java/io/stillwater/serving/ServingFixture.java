package io.stillwater.serving;

import io.stillwater.contract.catalog.Catalog;
import io.stillwater.contract.catalog.CatalogLoader;
import io.stillwater.contract.catalog.Category;
import io.stillwater.contract.catalog.ContentItem;
import io.stillwater.contract.event.ContentEnd;
import io.stillwater.contract.event.ContentStart;
import io.stillwater.contract.event.Search;
import io.stillwater.features.definition.Entity;
import io.stillwater.features.definition.FeatureRegistry;
import io.stillwater.features.search.SearchFeatures;
import io.stillwater.features.state.ContentFeatureState;
import io.stillwater.features.state.ContentFeatures;
import io.stillwater.features.state.StateCodec;
import io.stillwater.features.state.UserFeatureState;
import io.stillwater.features.state.UserFeatures;
import io.stillwater.featurestore.generation.FileGenerationRegistry;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.featurestore.lmdb.EmbeddedSlots;
import io.stillwater.featurestore.store.OnlineStore;
import io.stillwater.featurestore.store.StoredState;
import io.stillwater.trainer.Example;
import io.stillwater.trainer.FeatureEncoder;
import io.stillwater.trainer.ModelCard;
import io.stillwater.trainer.ModelRegistry;
import io.stillwater.trainer.Trainer;
import io.stillwater.trainer.TrainingData;
import io.stillwater.featurestore.generation.LiveFeatureReader;
import io.stillwater.serving.live.LiveServing;
import io.stillwater.serving.live.ModelCache;
import io.stillwater.serving.recommend.RecommendationService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A workspace with a real LMDB generation (states built here with UserFeatures / ContentFeatures and
 * StateCodec) and a real small model trained here with the trainer's API.
 */
public final class ServingFixture {

  public static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  public static final String KNOWN_USER = "u_known";
  public static final String SEARCHER = "u_searcher";

  /** One workspace, model, live generation and service per test JVM (training takes a few seconds). */
  public record Live(Path workspace, String modelId, Generation generation, LiveFeatureReader reader, ModelCache models,
      LiveServing serving, RecommendationService service) {}

  private static Live live;

  public static synchronized Live live() {
    if (live == null) {
      try {
        Path ws = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "serving-ws-");
        String modelId = trainModel(ws);
        Generation g = loadLiveGeneration(ws, modelId);
        LiveFeatureReader reader = new LiveFeatureReader(FileGenerationRegistry.inWorkspace(ws), EmbeddedSlots.opener(ws));
        ModelCache models = new ModelCache(ws.resolve("models"));
        LiveServing serving = new LiveServing(reader, models);
        live = new Live(ws, modelId, g, reader, models, serving, new RecommendationService(catalog(), search(), serving));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return live;
  }

  public static Catalog catalog() {
    return CatalogLoader.loadDefault();
  }

  public static SearchFeatures search() {
    return SearchFeatures.withSharedModel(catalog());
  }

  /** Trains a small model on synthetic rows of the real width and publishes it; returns its id. */
  public static String trainModel(Path workspace) {
    return trainModel(workspace, 7L);
  }

  /** As {@link #trainModel(Path)}, on synthetic rows drawn with {@code seed} (another seed: another model). */
  public static String trainModel(Path workspace, long seed) {
    List<Example> rows = synthetic(2_000, seed);
    try (Trainer.Result r = Trainer.train(rows, Trainer.Options.defaults().withMaxEpochs(2), e -> {})) {
      String id = ModelRegistry.newModelId(NOW, r.model().snapshot(), r.encoder().spec());
      FeatureEncoder enc = r.encoder();
      ModelCard card = new ModelCard(id, "candidate", FeatureRegistry.schemaVersion(), enc.featureNames(), Map.of(),
          enc.spec(), Map.of(), Map.of(), NOW.toString(), "test", null, Map.of(), Map.of());
      new ModelRegistry(workspace.resolve("models")).publish(r.model(), card, "<html></html>");
      return id;
    }
  }

  /** Registers the shared fixture's trained model in another workspace (models are immutable directories). */
  public static String registerFixtureModelIn(Path ws) throws IOException {
    Live f = live();
    return registerModel(f.workspace().resolve("models"), f.modelId(), ws);
  }

  /** Copies model {@code id} from a model registry directory into {@code ws}'s registry; returns the id. */
  public static String registerModel(Path modelsDir, String id, Path ws) throws IOException {
    Path from = modelsDir.resolve(id);
    Path to = ws.resolve("models").resolve(id);
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return id;
  }

  /**
   * Loads the blue slot with users and content states and makes it live under {@code modelId}. Content items
   * get popularity decreasing with their catalog index within each category, so popularity order is known.
   */
  public static Generation loadLiveGeneration(Path workspace, String modelId) {
    Generation g = loadGeneration(workspace, Slot.BLUE, modelId, Category.FOCUS);
    FileGenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    registry.promote(g.number(), registry.read().live());
    return registry.read().liveGeneration().orElseThrow();
  }

  /**
   * Loads {@code slot} (ready and verified, not promoted): every catalog item's content state, and the users
   * {@link #KNOWN_USER} and {@link #SEARCHER} with three completed sessions of {@code usersPlayed} content (the
   * searcher also searched "preparing for my exams" two minutes before {@link #NOW}).
   */
  public static Generation loadGeneration(Path workspace, Slot slot, String modelId, Category usersPlayed) {
    Catalog catalog = catalog();
    UserFeatures users = new UserFeatures(catalog, search());
    ContentFeatures contents = new ContentFeatures();
    List<StoredState> rows = new ArrayList<>();
    Instant t0 = NOW.minus(Duration.ofDays(3));
    int n = 0;
    for (ContentItem item : catalog.items()) {
      ContentFeatureState s = new ContentFeatureState();
      int plays = popularityOf(catalog, item);
      for (int k = 0; k < plays; k++) {
        Instant ts = t0.plusSeconds(60L * k);
        contents.update(s, new ContentStart("e" + n++, "x" + k, ts, item.contentId(), "s" + n));
        contents.update(s, new ContentEnd("e" + n++, "x" + k, ts.plusSeconds(600), item.contentId(), "s" + n, 600, k % 2 == 0));
      }
      rows.add(new StoredState(Entity.CONTENT, item.contentId(), plays == 0 ? StoredState.NO_EVENTS : t0.toEpochMilli() + 60_000L * plays,
          StateCodec.encode(s)));
    }
    for (String userId : List.of(KNOWN_USER, SEARCHER)) {
      UserFeatureState s = new UserFeatureState();
      Instant last = t0;
      int k = 0;
      for (ContentItem item : catalog.inCategory(usersPlayed).subList(0, 3)) {
        last = t0.plusSeconds(3600L * k++);
        users.update(s, new ContentStart("ue" + n++, userId, last, item.contentId(), "us" + n));
        users.update(s, new ContentEnd("ue" + n++, userId, last.plusSeconds(900), item.contentId(), "us" + n, 900, true));
        last = last.plusSeconds(900);
      }
      if (userId.equals(SEARCHER)) {
        last = NOW.minusSeconds(120);
        users.update(s, new Search("ue" + n++, userId, last, "preparing for my exams"));
      }
      rows.add(new StoredState(Entity.USER, userId, last.toEpochMilli(), StateCodec.encode(s)));
    }
    FileGenerationRegistry registry = FileGenerationRegistry.inWorkspace(workspace);
    Generation g = registry.begin(slot, modelId, FeatureRegistry.schemaVersion(), "(test)", null, null);
    try (OnlineStore store = EmbeddedSlots.opener(workspace).apply(slot)) {
      store.clear();
      store.upsert(rows);
    }
    registry.markReady(g.number(), rows.size());
    return registry.markVerified(g.number());
  }

  /** Plays of an item: 3 × (items after it in its category), so the first item of a category is the most popular. */
  public static int popularityOf(Catalog catalog, ContentItem item) {
    List<ContentItem> same = catalog.inCategory(item.category());
    return 3 * (same.size() - 1 - same.indexOf(item));
  }

  static List<Example> synthetic(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> names = TrainingData.numericFeatureNames();
    boolean[] nullable = new boolean[names.size()];
    for (int i = 0; i < nullable.length; i++) {
      nullable[i] = !"never".equals(FeatureRegistry.get(names.get(i)).missingWhen());
    }
    List<ContentItem> items = catalog().items();
    List<Example> out = new ArrayList<>(n);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int r = 0; r < n; r++) {
      double[] f = new double[names.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = nullable[i] && rng.nextInt(10) == 0 ? Double.NaN : Math.abs(rng.nextGaussian());
      }
      ContentItem item = items.get(rng.nextInt(items.size()));
      double z = 0.8 * f[0] - 0.6 * f[1] + 0.3 * item.category().ordinal() / 6.0;
      boolean label = rng.nextDouble() < 1 / (1 + Math.exp(-z));
      out.add(new Example("u" + rng.nextInt(1_000), item.contentId(), "s" + r, t.plusSeconds(r), label,
          item.category().wireName(), item.narrator(), f, null));
    }
    return out;
  }

  private ServingFixture() {}
}
