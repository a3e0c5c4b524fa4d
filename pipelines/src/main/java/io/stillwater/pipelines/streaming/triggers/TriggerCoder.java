package io.stillwater.pipelines.streaming.triggers;

import io.stillwater.contract.push.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Encodes a {@link Trigger} as its JSON ({@link Trigger#toJson}) in UTF-8: the same form the sinks write. */
public final class TriggerCoder extends AtomicCoder<Trigger> {

  private static final TriggerCoder INSTANCE = new TriggerCoder();
  private static final StringUtf8Coder UTF8 = StringUtf8Coder.of();

  private TriggerCoder() {}

  public static TriggerCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Trigger value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null Trigger");
    }
    UTF8.encode(value.toJson(), out);
  }

  @Override
  public Trigger decode(InputStream in) throws IOException {
    try {
      return Trigger.fromJson(UTF8.decode(in));
    } catch (IllegalArgumentException e) {
      throw new CoderException(e.getMessage());
    }
  }

  @Override
  public TypeDescriptor<Trigger> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(Trigger.class);
  }
}
