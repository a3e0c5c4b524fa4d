/**
 * The TensorFlow Java trainer: reads training examples from the lake's Parquet training table
 * ({@link io.stillwater.trainer.TrainingData}), encodes them ({@link io.stillwater.trainer.FeatureEncoder}), trains the
 * ranking model ({@link io.stillwater.trainer.Trainer}, {@link io.stillwater.trainer.RankingModel}), evaluates it on a
 * later held-out range against the popularity baseline and the live model ({@link io.stillwater.trainer.Evaluation}),
 * and publishes it to the model registry ({@link io.stillwater.trainer.ModelRegistry}) behind the
 * {@link io.stillwater.trainer.PromotionGate}. {@link io.stillwater.trainer.ModelScorer} is the scoring library for
 * the serving API. No Beam. See docs/models.md.
 */
package io.stillwater.trainer;
