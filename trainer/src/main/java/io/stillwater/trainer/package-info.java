/**
 * The TensorFlow Java trainer: reads training examples from Parquet, trains and evaluates the ranking model, and publishes it to the model registry behind a promotion gate. No Beam.
 *
 * <p>Built by issue #4; until then this module holds only its place in the dependency graph.
 */
package io.stillwater.trainer;
