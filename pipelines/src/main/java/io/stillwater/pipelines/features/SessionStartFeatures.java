package io.stillwater.pipelines.features;

import io.stillwater.features.state.FeatureVector;
import java.io.Serializable;

/**
 * The user's side of a training example: an ended session and the user's features strictly before it began.
 *
 * @param fractionPlayed position at the end over the item's duration, capped at 1
 */
public record SessionStartFeatures(
    String sessionId,
    String userId,
    String contentId,
    long startMs,
    long endMs,
    boolean completed,
    boolean bounced,
    double fractionPlayed,
    FeatureVector user)
    implements Serializable {}
