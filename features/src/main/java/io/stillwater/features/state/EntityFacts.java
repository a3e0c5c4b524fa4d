package io.stillwater.features.state;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compact time-bucketed partial aggregates of one entity's facts (Chronon-style tiles), from which window
 * values are computed at any as-of time.
 *
 * <p>A fact is (time, key, value): "a sleep session ended at t with 95 s played". The last
 * {@link #RAW_HORIZON} of facts is kept as they are, so windows of 24 h or less are exact at both edges.
 * Every fact is also added to an hourly tile (count, sum, latest time, and for distribution keys the
 * values), which serves longer windows: they cover whole hours from the hour at or before
 * {@code asOf - window}, plus the raw facts of asOf's own hour up to (not including) asOf. So a long window
 * may reach up to an hour further back than its length, never past asOf.
 *
 * <p>Facts may arrive in any order; reads are correct for any asOf at or after (newest fact - 1 h). Sums are
 * accumulated exactly and rounded to a double once, when read, so they do not depend on the order facts
 * arrived in: batch (event-time order) and streaming (arrival order) give bit-identical values.
 *
 * <p>Reads remember, until the next {@link #add} or {@link #prune}, each key's raw facts sorted by time with
 * exact prefix sums, and the whole-hour tile part of long windows (per key, first and last hour): the serving API
 * reads one decoded state at many instants, and scanning every raw fact and a week or a month of tiles per
 * feature per read was most of computing a user's or an item's values. Sums stay exact (a difference of exact
 * prefix sums is the exact sum), so values are the same either way. Reads may run concurrently with each other
 * (not with add or prune).
 */
public final class EntityFacts {

  /** Raw facts kept behind the newest one: 24 h windows plus the current hour. */
  public static final Duration RAW_HORIZON = Duration.ofHours(25);

  private static final long HOUR_MS = 3_600_000L;

  /** Recent facts, unordered. Parallel lists keep the state small and plain to serialize. */
  final List<Long> rawTs = new ArrayList<>();
  final List<Integer> rawKey = new ArrayList<>();
  final List<Double> rawValue = new ArrayList<>();
  /** Hour start (epoch ms) to that hour's tile. */
  final TreeMap<Long, Tile> tiles = new TreeMap<>();
  /** Latest fact time per key, ever. */
  final Map<Integer, Long> latest = new HashMap<>();
  long newest = Long.MIN_VALUE;
  /** Tile parts of long-window reads, by (key, first hour, end hour); not part of the state. */
  private final Map<TileRange, TilePart> tileParts = new ConcurrentHashMap<>();
  /** The end hour of the remembered tile parts: reads in a later hour start afresh, so they do not pile up. */
  private volatile long tilePartsHour = Long.MIN_VALUE;

  private record TileRange(int key, long fromHour, long toHour) {}

  /** Count and exact sum of a key's tiles over whole hours, and their kept values (in hour order, and sorted). */
  private record TilePart(long count, BigDecimal sum, List<Double> values, double[] sorted) {}

  /** A key's raw facts by time; not part of the state. */
  private final Map<Integer, RawIndex> rawIndexes = new ConcurrentHashMap<>();

  /** A key's raw fact times, ascending, and exact prefix sums of their values ({@code prefix[i]}: the first i). */
  private record RawIndex(long[] ts, BigDecimal[] prefix) {
    /** The first index whose time is at or after {@code t} ({@code strictlyAfter}: after {@code t}). */
    int search(long t, boolean strictlyAfter) {
      int lo = 0;
      int hi = ts.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ts[mid] < t || strictlyAfter && ts[mid] == t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** One hour's aggregates per key. */
  static final class Tile {
    final Map<Integer, long[]> countAndLatest = new HashMap<>();
    /** Exact sums: double addition is not associative, so a double sum would depend on arrival order. */
    final Map<Integer, BigDecimal> sums = new HashMap<>();
    final Map<Integer, List<Double>> values = new HashMap<>();
  }

  /** Records one fact. {@code keepValue} keeps the value itself in its tile, for percentiles. */
  public void add(long tsMs, int key, double value, boolean keepValue) {
    rawTs.add(tsMs);
    rawKey.add(key);
    rawValue.add(value);
    Tile tile = tiles.computeIfAbsent(floorHour(tsMs), h -> new Tile());
    long[] cl = tile.countAndLatest.computeIfAbsent(key, k -> new long[] {0, Long.MIN_VALUE});
    cl[0]++;
    cl[1] = Math.max(cl[1], tsMs);
    tile.sums.merge(key, new BigDecimal(value), BigDecimal::add);
    if (keepValue) {
      tile.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    latest.merge(key, tsMs, Math::max);
    newest = Math.max(newest, tsMs);
    forgetReads();
  }

  private void forgetReads() {
    tileParts.clear();
    rawIndexes.clear();
  }

  /**
   * Drops raw facts older than {@link #RAW_HORIZON} before the newest fact, and tiles older than
   * {@code tileRetention} (the longest window any feature reads).
   */
  public void prune(Duration tileRetention) {
    long rawCutoff = newest - RAW_HORIZON.toMillis();
    for (int i = rawTs.size() - 1; i >= 0; i--) {
      if (rawTs.get(i) < rawCutoff) {
        rawTs.remove(i);
        rawKey.remove(i);
        rawValue.remove(i);
      }
    }
    long tileCutoff = floorHour(newest - tileRetention.toMillis()) - HOUR_MS;
    tiles.headMap(tileCutoff).clear();
    forgetReads();
  }

  /** Newest fact time, or {@link Long#MIN_VALUE} when empty. */
  public long newest() {
    return newest;
  }

  /** Count and sum of a key's facts with time in (asOf - window, asOf); exact, for windows up to 24 h. */
  public CountSum exact(int key, long asOfMs, Duration window) {
    RawIndex raw = rawIndex(key);
    int from = raw.search(asOfMs - window.toMillis(), true);
    int to = Math.max(from, raw.search(asOfMs, false));
    return new CountSum(to - from, raw.prefix()[to].subtract(raw.prefix()[from]).doubleValue());
  }

  /** Count and sum over a long window: whole hours from floorHour(asOf - window), then raw up to asOf. */
  public CountSum hourly(int key, long asOfMs, Duration window) {
    long currentHour = floorHour(asOfMs);
    TilePart part = tilePart(key, floorHour(asOfMs - window.toMillis()), currentHour);
    RawIndex raw = rawIndex(key);
    int from = raw.search(currentHour, false);
    int to = Math.max(from, raw.search(asOfMs, false));
    return new CountSum(part.count() + (to - from),
        part.sum().add(raw.prefix()[to].subtract(raw.prefix()[from])).doubleValue());
  }

  /** The kept values of a key over a long window (as {@link #hourly}), for percentiles. */
  public List<Double> hourlyValues(int key, long asOfMs, Duration window) {
    long currentHour = floorHour(asOfMs);
    List<Double> out = new ArrayList<>(tilePart(key, floorHour(asOfMs - window.toMillis()), currentHour).values());
    for (int i = 0; i < rawTs.size(); i++) {
      long ts = rawTs.get(i);
      if (rawKey.get(i) == key && ts >= currentHour && ts < asOfMs) {
        out.add(rawValue.get(i));
      }
    }
    return out;
  }

  private RawIndex rawIndex(int key) {
    RawIndex index = rawIndexes.get(key);
    if (index == null) {
      List<long[]> facts = new ArrayList<>(); // (time, position)
      for (int i = 0; i < rawTs.size(); i++) {
        if (rawKey.get(i) == key) {
          facts.add(new long[] {rawTs.get(i), i});
        }
      }
      facts.sort((a, b) -> Long.compare(a[0], b[0]));
      long[] ts = new long[facts.size()];
      BigDecimal[] prefix = new BigDecimal[facts.size() + 1];
      prefix[0] = BigDecimal.ZERO;
      for (int j = 0; j < ts.length; j++) {
        ts[j] = facts.get(j)[0];
        prefix[j + 1] = prefix[j].add(new BigDecimal(rawValue.get((int) facts.get(j)[1])));
      }
      index = new RawIndex(ts, prefix);
      rawIndexes.put(key, index);
    }
    return index;
  }

  /**
   * {@link #hourlyValues}, in ascending order ({@link Double#compare}): what a percentile reads, without sorting a
   * week of samples on every read (the tiles' part is sorted once; the raw part of the current hour is sorted here)
   * and without boxing them: the two sorted runs are merged only as far as a read needs.
   */
  public SortedValues sortedHourlyValues(int key, long asOfMs, Duration window) {
    long currentHour = floorHour(asOfMs);
    double[] tilesSorted = tilePart(key, floorHour(asOfMs - window.toMillis()), currentHour).sorted();
    int n = 0;
    for (int i = 0; i < rawTs.size(); i++) {
      long ts = rawTs.get(i);
      if (rawKey.get(i) == key && ts >= currentHour && ts < asOfMs) {
        n++;
      }
    }
    double[] recent = new double[n];
    n = 0;
    for (int i = 0; i < rawTs.size(); i++) {
      long ts = rawTs.get(i);
      if (rawKey.get(i) == key && ts >= currentHour && ts < asOfMs) {
        recent[n++] = rawValue.get(i);
      }
    }
    Arrays.sort(recent);
    return new SortedValues(tilesSorted, recent);
  }

  /** Values in ascending order ({@link Double#compare}) as two sorted runs, merged on read. */
  public record SortedValues(double[] first, double[] second) {

    /** From values in any order. */
    public static SortedValues of(List<Double> values) {
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(sorted);
      return new SortedValues(sorted, new double[0]);
    }

    public int size() {
      return first.length + second.length;
    }

    /** The value at {@code index} (0-based) of the ascending order. */
    public double get(int index) {
      if (index < 0 || index >= size()) {
        throw new IndexOutOfBoundsException(index + " of " + size());
      }
      int a = 0;
      int b = 0;
      while (true) {
        boolean fromFirst = b == second.length || a < first.length && Double.compare(first[a], second[b]) <= 0;
        double v = fromFirst ? first[a++] : second[b++];
        if (a + b == index + 1) {
          return v;
        }
      }
    }

    /** All values, ascending. */
    public List<Double> toList() {
      List<Double> out = new ArrayList<>(size());
      int a = 0;
      int b = 0;
      while (a < first.length || b < second.length) {
        boolean fromFirst = b == second.length || a < first.length && Double.compare(first[a], second[b]) <= 0;
        out.add(fromFirst ? first[a++] : second[b++]);
      }
      return out;
    }
  }

  /** A key's tiles in [fromHour, toHour): count, exact sum (in hour order) and kept values (in hour order). */
  private TilePart tilePart(int key, long fromHour, long toHour) {
    if (toHour != tilePartsHour) {
      tileParts.clear();
      tilePartsHour = toHour;
    }
    TileRange range = new TileRange(key, fromHour, toHour);
    TilePart part = tileParts.get(range);
    if (part == null) {
      long count = 0;
      BigDecimal sum = BigDecimal.ZERO;
      List<Double> values = new ArrayList<>();
      for (Tile tile : tiles.subMap(fromHour, toHour).values()) {
        long[] cl = tile.countAndLatest.get(key);
        if (cl != null) {
          count += cl[0];
          sum = sum.add(tile.sums.get(key));
        }
        List<Double> v = tile.values.get(key);
        if (v != null) {
          values.addAll(v);
        }
      }
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(sorted);
      part = new TilePart(count, sum, List.copyOf(values), sorted);
      tileParts.put(range, part);
    }
    return part;
  }

  /** Time of the latest fact of a key strictly before asOf, if any is still known. */
  public OptionalLong latestBefore(int key, long asOfMs) {
    Long ever = latest.get(key);
    if (ever == null) {
      return OptionalLong.empty();
    }
    if (ever < asOfMs) {
      return OptionalLong.of(ever);
    }
    long best = Long.MIN_VALUE;
    for (int i = 0; i < rawTs.size(); i++) {
      long ts = rawTs.get(i);
      if (rawKey.get(i) == key && ts < asOfMs) {
        best = Math.max(best, ts);
      }
    }
    if (best == Long.MIN_VALUE) {
      for (Tile tile : tiles.headMap(floorHour(asOfMs)).values()) {
        long[] cl = tile.countAndLatest.get(key);
        if (cl != null && cl[1] < asOfMs) {
          best = Math.max(best, cl[1]);
        }
      }
    }
    return best == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
  }

  static long floorHour(long ms) {
    return Math.floorDiv(ms, HOUR_MS) * HOUR_MS;
  }

  /** Number of raw facts and tiles held, for tests and size checks. */
  int rawSize() {
    return rawTs.size();
  }

  int tileCount() {
    return tiles.size();
  }

  public record CountSum(long count, double sum) {}
}
