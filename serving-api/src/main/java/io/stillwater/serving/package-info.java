/**
 * The Javalin HTTP API: recommendations from the live generation, event ingest, generations admin, health and metrics. No Beam, no Spark.
 *
 * <p>Built by issue #6; until then this module holds only its place in the dependency graph.
 */
package io.stillwater.serving;
