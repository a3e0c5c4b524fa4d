/**
 * Beam pipelines: the batch backfill (Spark runner) and the streaming pipeline (Flink runner), composed of the same named PTransforms.
 *
 * <p>Built by issue #3 (batch) and #7 (streaming); until then this module holds only its place in the dependency graph.
 */
package io.stillwater.pipelines;
