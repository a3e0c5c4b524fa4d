package io.stillwater.features.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TextEmbedder} backed by sentence-transformers all-MiniLM-L6-v2 (quantized), run in-process with ONNX
 * Runtime through LangChain4j. The model and its tokenizer ship inside the LangChain4j jar: nothing is
 * downloaded at run time. 384 dimensions; loading takes about a second, one short text about 3 ms.
 *
 * <p><b>Text canonicalization and the cache.</b> Every text is first {@link String#strip() stripped} and
 * lower-cased ({@link Locale#ROOT}); that canonical form is both what the model embeds and the cache key.
 * The model's tokenizer is uncased (its BERT normalizer lower-cases) and ignores surrounding whitespace, so
 * this changes no embedding, but it makes "Cramming for finals " and "cramming for finals" one cache entry.
 * Embedding the canonical form (rather than the raw text) means a result never depends on whether it came
 * from the cache. Search queries repeat a lot, so the most recently used texts (up to
 * {@value #DEFAULT_CACHE_CAPACITY} by default, about 1.6 KB each) are kept in an LRU cache; texts longer
 * than {@value #MAX_CACHED_TEXT_LENGTH} characters (documents rather than queries) bypass it.
 *
 * <p>Thread-safe: the cache is guarded by its own lock, which is never held while the model runs (two
 * threads missing on the same text both compute it; the results are identical). ONNX Runtime sessions and the
 * DJL tokenizer allow concurrent calls (LangChain4j itself embeds in parallel on one model instance). Every
 * call returns a fresh copy of the vector, so callers may modify it without affecting the cache.
 */
public final class MiniLmEmbedder implements TextEmbedder {

  public static final int DIMENSION = 384;
  public static final int DEFAULT_CACHE_CAPACITY = 10_000;
  /** Longer texts are embedded but not cached. */
  public static final int MAX_CACHED_TEXT_LENGTH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);
  private static final AtomicBoolean MODEL_LOGGED = new AtomicBoolean();

  /**
   * The per-JVM embedder, created on first use of {@link #shared()} (class initialization is lazy and
   * thread-safe). This is the one static singleton the features module allows: the model holds ~23 MB of
   * weights plus native ONNX Runtime state and takes about a second to load, and one process-wide cache serves
   * every caller. (LangChain4j itself keeps the loaded ONNX session in a static field of
   * {@link AllMiniLmL6V2QuantizedEmbeddingModel}, so the weights are loaded once per JVM in any case.)
   */
  private static final class Holder {
    static final MiniLmEmbedder SHARED = new MiniLmEmbedder(loadModel(), DEFAULT_CACHE_CAPACITY);
  }

  private final EmbeddingModel model;
  private final int cacheCapacity;
  private final Map<String, float[]> cache; // guarded by itself; values are never handed out
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Wraps an already loaded model; {@code cacheCapacity} 0 disables the cache. */
  MiniLmEmbedder(EmbeddingModel model, int cacheCapacity) {
    this.model = Objects.requireNonNull(model, "model");
    if (cacheCapacity < 0) {
      throw new IllegalArgumentException("cacheCapacity must be >= 0, got " + cacheCapacity);
    }
    this.cacheCapacity = cacheCapacity;
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > MiniLmEmbedder.this.cacheCapacity;
      }
    };
  }

  /** The process-wide embedder, loading the model on first call. Use this everywhere in production code. */
  public static MiniLmEmbedder shared() {
    return Holder.SHARED;
  }

  /**
   * A separate embedder with a cache of its own ({@code cacheCapacity} 0 disables caching), for tools,
   * benchmarks and tests; production code uses {@link #shared()}. It shares the JVM's one copy of the model
   * weights (LangChain4j holds it statically), so only the first embedder in a process pays the load.
   */
  public static MiniLmEmbedder withCache(int cacheCapacity) {
    return new MiniLmEmbedder(loadModel(), cacheCapacity);
  }

  /** A model handle; the first call in a JVM loads the weights and the native runtime (about a second). */
  static EmbeddingModel loadModel() {
    long start = System.nanoTime();
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (MODEL_LOGGED.compareAndSet(false, true)) {
      LOG.info("Loaded sentence-embedding model all-MiniLM-L6-v2 (quantized, in-process ONNX) in {} ms", millis);
    }
    return model;
  }

  /** The form of {@code text} that is embedded and used as the cache key: stripped and lower-cased. */
  static String canonical(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public float[] embed(String text) {
    Objects.requireNonNull(text, "text");
    String key = canonical(text);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("cannot embed empty or blank text");
    }
    boolean cacheable = cacheCapacity > 0 && key.length() <= MAX_CACHED_TEXT_LENGTH;
    if (cacheable) {
      float[] cached;
      synchronized (cache) {
        cached = cache.get(key);
      }
      if (cached != null) {
        hits.increment();
        return cached.clone();
      }
    }
    misses.increment();
    // The model already L2-normalizes; normalizing again is cheap and makes the contract independent of it.
    float[] vector = Vectors.normalize(model.embed(key).content().vector());
    if (vector.length != DIMENSION) {
      throw new IllegalStateException("model returned " + vector.length + " dimensions, expected " + DIMENSION);
    }
    if (cacheable) {
      synchronized (cache) {
        cache.put(key, vector);
      }
    }
    return vector.clone();
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  /** Calls answered from the cache (for metrics). */
  public long cacheHits() {
    return hits.sum();
  }

  /** Calls that ran the model (for metrics). */
  public long cacheMisses() {
    return misses.sum();
  }

  /** Texts currently cached. */
  public int cacheSize() {
    synchronized (cache) {
      return cache.size();
    }
  }
}
