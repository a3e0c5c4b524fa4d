package io.stillwater.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.stillwater.featurestore.generation.Generation;
import io.stillwater.featurestore.generation.RegistryRefusal;
import io.stillwater.featurestore.generation.RegistryState;
import io.stillwater.featurestore.generation.Slot;
import io.stillwater.serving.admin.GenerationAdmin;
import io.stillwater.serving.admin.UserFeatureInspector;
import io.stillwater.serving.predictions.FeaturesJson;
import io.stillwater.serving.recommend.RecommendationService;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The admin routes (bearer token): a user's current feature values, the registry's slots and generations, and
 * promote / rollback by slot. Registry refusals (not verified, nothing to roll back to, the live generation moved)
 * are 409 with the registry's reason.
 */
final class AdminHandlers {

  private final AdminAccess access;
  private final UserFeatureInspector features;
  private final GenerationAdmin generations;
  private final Clock clock;

  AdminHandlers(AdminAccess access, UserFeatureInspector features, GenerationAdmin generations, Clock clock) {
    this.access = access;
    this.features = features;
    this.generations = generations;
    this.clock = clock;
  }

  void userFeatures(Context ctx) {
    if (!access.allow(ctx)) {
      return;
    }
    String userId = ctx.pathParam("user_id");
    if (!RequestValidation.USER_ID.matcher(userId).matches()) {
      Responses.error(ctx, 400, "must be 1-128 letters, digits, '_', '-', '.' or ':'", "user_id");
      return;
    }
    Instant now = clock.instant();
    Optional<UserFeatureInspector.UserFeatureValues> v;
    try {
      v = features.valuesAt(userId, now);
    } catch (RecommendationService.NotReadyException e) {
      Responses.error(ctx, 503, e.getMessage(), null);
      return;
    }
    if (v.isEmpty()) {
      Responses.error(ctx, 404, "user " + userId + " has no features in the live generation", "user_id");
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_id", userId);
    out.put("slot", v.get().generation().slot().wireName());
    out.put("generation", v.get().generation().number());
    out.put("as_of", now.toString());
    out.put("features", FeaturesJson.values(v.get().values()));
    Responses.json(ctx, 200, out);
  }

  void list(Context ctx) {
    if (access.allow(ctx)) {
      Responses.json(ctx, 200, describe(generations.state()));
    }
  }

  void promote(Context ctx) {
    flip(ctx, generations::promote);
  }

  void rollback(Context ctx) {
    flip(ctx, generations::rollback);
  }

  private void flip(Context ctx, BiFunction<Slot, Integer, RegistryState> action) {
    if (!access.allow(ctx)) {
      return;
    }
    Slot slot;
    try {
      slot = Slot.parse(ctx.pathParam("slot"));
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, "must be blue or green", "slot");
      return;
    }
    Integer expectedLive;
    try {
      expectedLive = expectedLive(RequestBodies.read(ctx));
    } catch (RequestValidation.BadRequest e) {
      Responses.error(ctx, 400, e.getMessage(), e.field());
      return;
    }
    try {
      Responses.json(ctx, 200, describe(action.apply(slot, expectedLive)));
    } catch (RegistryRefusal e) {
      Responses.error(ctx, 409, e.getMessage(), null);
    }
  }

  /** An optional body {@code {"expected_live": N}}: the flip happens only if generation N is still live. */
  private static Integer expectedLive(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    JsonNode root;
    try {
      root = RequestValidation.STRICT.readTree(body);
    } catch (IOException e) {
      throw new RequestValidation.BadRequest(null, "body is not valid JSON");
    }
    if (root == null || root.isMissingNode()) {
      return null;
    }
    if (!root.isObject()) {
      throw new RequestValidation.BadRequest(null, "body must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("expected_live")) {
        throw new RequestValidation.BadRequest(name, "unknown field");
      }
    }
    JsonNode n = root.get("expected_live");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
      throw new RequestValidation.BadRequest("expected_live", "must be a generation number (0: none live)");
    }
    return n.intValue();
  }

  static Map<String, Object> describe(RegistryState s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("live", s.live() == 0 ? null : s.live());
    out.put("previous_live", s.previousLive() == 0 ? null : s.previousLive());
    Map<String, Object> slots = new LinkedHashMap<>();
    for (Slot slot : Slot.values()) {
      slots.put(slot.wireName(), s.occupant(slot).map(AdminHandlers::summary).orElse(null));
    }
    out.put("slots", slots);
    out.put("generations", s.generations());
    return out;
  }

  private static Map<String, Object> summary(Generation g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generation", g.number());
    m.put("state", g.state().wireName());
    m.put("model_id", g.modelId());
    m.put("feature_schema_version", g.featureSchemaVersion());
    m.put("verified", g.verifiedAt() != null);
    return m;
  }
}
