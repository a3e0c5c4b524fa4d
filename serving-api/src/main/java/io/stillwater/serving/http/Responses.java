package io.stillwater.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON bodies for every route: values, and errors as {@code {"error": ..., "field": ...}} without stack traces. */
final class Responses {

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Responses() {}

  static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(HttpStatus.forStatus(status)).contentType("application/json").result(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("application/json").result("{\"error\":\"internal error\"}");
    }
  }

  static void error(Context ctx, int status, String message, String field) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", message);
    if (field != null) {
      out.put("field", field);
    }
    json(ctx, status, out);
  }

  /** 415 unless the body is declared JSON; true when it is. */
  static boolean requireJson(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      error(ctx, 415, "Content-Type must be application/json", null);
      return false;
    }
    return true;
  }
}
