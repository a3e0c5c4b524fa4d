package io.stillwater.contract.event;

/**
 * One thing wrong with an input event.
 *
 * @param field the JSON field at fault ({@code content_ids[2]} for an element), or {@code $} for the whole
 *     document
 * @param reason what is wrong, for a person to read
 */
public record Violation(String field, String reason) {

  public static final String WHOLE_DOCUMENT = "$";

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
