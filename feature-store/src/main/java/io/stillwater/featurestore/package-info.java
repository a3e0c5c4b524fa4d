/**
 * The online feature store: the OnlineStore interface, its embedded and DynamoDB backends, and the generation registry with the atomic blue/green flip. No Beam.
 *
 * <p>Built by issue #5; until then this module holds only its place in the dependency graph.
 */
package io.stillwater.featurestore;
