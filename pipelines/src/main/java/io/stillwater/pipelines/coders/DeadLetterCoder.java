package io.stillwater.pipelines.coders;

import io.stillwater.pipelines.ingest.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** A {@link DeadLetter} as raw, reason, fields and received time (epoch millis); deterministic. */
public final class DeadLetterCoder extends CustomCoder<DeadLetter> {

  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final ListCoder<String> STRINGS = ListCoder.of(StringUtf8Coder.of());
  private static final VarLongCoder LONG = VarLongCoder.of();

  private DeadLetterCoder() {}

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null DeadLetter");
    }
    STRING.encode(value.raw(), out);
    STRING.encode(value.reason(), out);
    STRINGS.encode(value.fields(), out);
    LONG.encode(value.receivedAt().toEpochMilli(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    String raw = STRING.decode(in);
    String reason = STRING.decode(in);
    List<String> fields = STRINGS.decode(in);
    Instant receivedAt = Instant.ofEpochMilli(LONG.decode(in));
    return new DeadLetter(raw, reason, fields, receivedAt);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public TypeDescriptor<DeadLetter> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(DeadLetter.class);
  }
}
