package io.stillwater.serving.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stillwater.serving.recommend.Flag;
import io.stillwater.serving.recommend.RecommendationService;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict parsing of a recommendations request body; a bad field is a {@link BadRequest} naming it. */
public final class RequestValidation {

  public static final int MAX_LIMIT = 100;
  public static final int DEFAULT_LIMIT = 10;
  /** Ids as the contract writes them: letters, digits, '_', '-', '.', ':' ; 1-128 characters. */
  static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  static final Set<String> TOP_LEVEL = Set.of("user_id", "flags", "limit", "context");
  static final Set<String> CONTEXT = Set.of("tz_offset_minutes", "surface");

  static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** A 400: the message and the field it is about (null when the body as a whole is bad). */
  public static final class BadRequest extends RuntimeException {
    private final String field;

    public BadRequest(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  private RequestValidation() {}

  public static RecommendationService.Request parse(byte[] body, Instant now) {
    JsonNode root;
    try {
      root = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest(null, "body is not valid JSON");
    } catch (IOException e) {
      throw new BadRequest(null, "body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest(null, "body must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!TOP_LEVEL.contains(name)) {
        throw new BadRequest(name, "unknown field");
      }
    }
    JsonNode user = root.get("user_id");
    if (user == null || user.isNull()) {
      throw new BadRequest("user_id", "required");
    }
    if (!user.isTextual() || !USER_ID.matcher(user.textValue()).matches()) {
      throw new BadRequest("user_id", "must be a string of 1-128 letters, digits, '_', '-', '.' or ':'");
    }
    JsonNode flagsNode = root.get("flags");
    if (flagsNode == null || flagsNode.isNull()) {
      throw new BadRequest("flags", "required");
    }
    if (!flagsNode.isArray() || flagsNode.isEmpty()) {
      throw new BadRequest("flags", "must be a non-empty array of flag names");
    }
    List<Flag> flags = new ArrayList<>();
    for (int i = 0; i < flagsNode.size(); i++) {
      JsonNode f = flagsNode.get(i);
      String field = "flags[" + i + "]";
      if (!f.isTextual()) {
        throw new BadRequest(field, "must be a string");
      }
      Flag flag = Flag.fromWireName(f.textValue())
          .orElseThrow(() -> new BadRequest(field, "unknown flag '" + abbreviate(f.textValue()) + "'; one of "
              + java.util.Arrays.stream(Flag.values()).map(Flag::wireName).toList()));
      if (flags.contains(flag)) {
        throw new BadRequest(field, "duplicate flag '" + flag.wireName() + "'");
      }
      flags.add(flag);
    }
    int limit = DEFAULT_LIMIT;
    JsonNode limitNode = root.get("limit");
    if (limitNode != null && !limitNode.isNull()) {
      if (!limitNode.isIntegralNumber() || !limitNode.canConvertToInt()
          || limitNode.intValue() < 1 || limitNode.intValue() > MAX_LIMIT) {
        throw new BadRequest("limit", "must be an integer from 1 to " + MAX_LIMIT);
      }
      limit = limitNode.intValue();
    }
    JsonNode context = root.get("context");
    Integer tzOffsetMinutes = null;
    String surfaceName = null;
    if (context != null && !context.isNull()) {
      if (!context.isObject()) {
        throw new BadRequest("context", "must be an object");
      }
      for (Iterator<String> it = context.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!CONTEXT.contains(name)) {
          throw new BadRequest("context." + name, "unknown field");
        }
      }
      JsonNode tz = context.get("tz_offset_minutes");
      if (tz != null && !tz.isNull() && (!tz.isIntegralNumber() || !tz.canConvertToInt()
          || Math.abs(tz.intValue()) > 14 * 60)) {
        throw new BadRequest("context.tz_offset_minutes", "must be an integer from -840 to 840");
      }
      JsonNode surface = context.get("surface");
      if (surface != null && !surface.isNull() && (!surface.isTextual() || surface.textValue().length() > 64)) {
        throw new BadRequest("context.surface", "must be a string of at most 64 characters");
      }
      tzOffsetMinutes = tz == null || tz.isNull() ? null : tz.intValue();
      surfaceName = surface == null || surface.isNull() ? null : surface.textValue();
    }
    return new RecommendationService.Request(user.textValue(), List.copyOf(flags), limit, now, tzOffsetMinutes,
        surfaceName);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
