/**
 * The Javalin serving API (no Beam, no Spark). Where things are:
 * <ul>
 *   <li>{@code http} — the routes ({@code ApiServer}) and their thin handlers, request validation, admin access;</li>
 *   <li>{@code recommend} — recommendations by flag from the live generation, scored in-process;</li>
 *   <li>{@code live} — the hot swap: the live generation's store view and its model, switched atomically;</li>
 *   <li>{@code ingest} — {@code POST /v1/events}: validation and forwarding to the event stream;</li>
 *   <li>{@code admin} — a user's feature values, promote / rollback;</li>
 *   <li>{@code predictions} — the Parquet prediction log for analysts;</li>
 *   <li>{@code metrics} — Prometheus metrics through Micrometer;</li>
 *   <li>{@code background} — threads for background work, at the lowest OS priority.</li>
 * </ul>
 * {@code ServeMain} wires them for {@code stillwater serve}.
 */
package io.stillwater.serving;
