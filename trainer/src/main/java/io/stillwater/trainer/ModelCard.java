package io.stillwater.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what a registered model is and how it did. Field names are the file's.
 *
 * @param metrics one object per scorer ({@code model}, {@code popularity}, {@code live} when there was one), each
 *     with {@code auc}, {@code log_loss}, {@code ndcg_at_10}, {@code recall_at_10}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
    @JsonProperty("model_id") String modelId,
    @JsonProperty("status") String status,
    @JsonProperty("feature_schema_version") String featureSchemaVersion,
    @JsonProperty("features") List<String> features,
    @JsonProperty("model_inputs") Map<String, Object> modelInputs,
    @JsonProperty("encoder") FeatureEncoder.Spec encoder,
    @JsonProperty("data") Map<String, Object> data,
    @JsonProperty("training") Map<String, Object> training,
    @JsonProperty("trained_at") String trainedAt,
    @JsonProperty("code_version") String codeVersion,
    @JsonProperty("live_model_id") String liveModelId,
    @JsonProperty("metrics") Map<String, Map<String, Object>> metrics,
    @JsonProperty("gate") Map<String, Object> gate) {}
