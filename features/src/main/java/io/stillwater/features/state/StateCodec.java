package io.stillwater.features.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feature state as bytes, for snapshots, the online store and pipeline state: compact, versioned, and
 * deterministic (the same state always gives the same bytes, so stores can compare and runners agree).
 */
public final class StateCodec {

  /** 2: tile sums are exact decimals (EntityFacts sums exactly so arrival order cannot change a value). */
  private static final int FORMAT = 2;

  private StateCodec() {}

  public static byte[] encode(UserFeatureState state) {
    return write(out -> {
      writeFacts(state.facts, out);
      out.writeInt(state.searches.size());
      for (UserFeatureState.LatestSearch s : state.searches) {
        out.writeLong(s.tsMs());
        out.writeUTF(s.query());
      }
    });
  }

  public static UserFeatureState decodeUser(byte[] bytes) {
    return read(bytes, in -> {
      EntityFacts facts = readFacts(in);
      int n = in.readInt();
      List<UserFeatureState.LatestSearch> searches = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        searches.add(new UserFeatureState.LatestSearch(in.readLong(), in.readUTF()));
      }
      return new UserFeatureState(facts, searches);
    });
  }

  public static byte[] encode(ContentFeatureState state) {
    return write(out -> writeFacts(state.facts, out));
  }

  public static ContentFeatureState decodeContent(byte[] bytes) {
    return read(bytes, in -> new ContentFeatureState(readFacts(in)));
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> body) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("feature state format " + format + " is not readable by this version (" + FORMAT + ")");
      }
      return body.read(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt feature state: " + e.getMessage(), e);
    }
  }

  private static void writeFacts(EntityFacts f, DataOutputStream out) throws IOException {
    out.writeLong(f.newest);
    out.writeInt(f.rawTs.size());
    for (int i = 0; i < f.rawTs.size(); i++) {
      out.writeLong(f.rawTs.get(i));
      out.writeInt(f.rawKey.get(i));
      out.writeDouble(f.rawValue.get(i));
    }
    Map<Integer, Long> latest = new TreeMap<>(f.latest);
    out.writeInt(latest.size());
    for (Map.Entry<Integer, Long> e : latest.entrySet()) {
      out.writeInt(e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeInt(f.tiles.size());
    for (Map.Entry<Long, EntityFacts.Tile> e : f.tiles.entrySet()) {
      out.writeLong(e.getKey());
      EntityFacts.Tile tile = e.getValue();
      Map<Integer, long[]> counts = new TreeMap<>(tile.countAndLatest);
      out.writeInt(counts.size());
      for (Map.Entry<Integer, long[]> c : counts.entrySet()) {
        out.writeInt(c.getKey());
        out.writeLong(c.getValue()[0]);
        out.writeLong(c.getValue()[1]);
        writeExact(tile.sums.get(c.getKey()), out);
      }
      Map<Integer, List<Double>> values = new TreeMap<>(tile.values);
      out.writeInt(values.size());
      for (Map.Entry<Integer, List<Double>> v : values.entrySet()) {
        out.writeInt(v.getKey());
        out.writeInt(v.getValue().size());
        for (double d : v.getValue()) {
          out.writeDouble(d);
        }
      }
    }
  }

  /** An exact sum as scale and unscaled two's-complement bytes, trailing zeros stripped: equal sums, equal bytes. */
  private static void writeExact(BigDecimal value, DataOutputStream out) throws IOException {
    BigDecimal canonical = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    byte[] unscaled = canonical.unscaledValue().toByteArray();
    out.writeInt(canonical.scale());
    out.writeInt(unscaled.length);
    out.write(unscaled);
  }

  private static BigDecimal readExact(DataInputStream in) throws IOException {
    int scale = in.readInt();
    byte[] unscaled = new byte[in.readInt()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static EntityFacts readFacts(DataInputStream in) throws IOException {
    EntityFacts f = new EntityFacts();
    f.newest = in.readLong();
    int raw = in.readInt();
    for (int i = 0; i < raw; i++) {
      f.rawTs.add(in.readLong());
      f.rawKey.add(in.readInt());
      f.rawValue.add(in.readDouble());
    }
    int latest = in.readInt();
    for (int i = 0; i < latest; i++) {
      f.latest.put(in.readInt(), in.readLong());
    }
    int tiles = in.readInt();
    for (int i = 0; i < tiles; i++) {
      long hour = in.readLong();
      EntityFacts.Tile tile = new EntityFacts.Tile();
      int counts = in.readInt();
      for (int c = 0; c < counts; c++) {
        int key = in.readInt();
        tile.countAndLatest.put(key, new long[] {in.readLong(), in.readLong()});
        tile.sums.put(key, readExact(in));
      }
      int valueKeys = in.readInt();
      for (int v = 0; v < valueKeys; v++) {
        int key = in.readInt();
        int n = in.readInt();
        List<Double> values = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
          values.add(in.readDouble());
        }
        tile.values.put(key, values);
      }
      f.tiles.put(hour, tile);
    }
    return f;
  }
}
