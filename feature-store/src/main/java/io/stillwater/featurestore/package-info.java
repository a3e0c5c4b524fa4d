/**
 * The online feature store. No Beam.
 *
 * <ul>
 *   <li>{@code store}: the {@link io.stillwater.featurestore.store.OnlineStore} contract — event-time-guarded upserts
 *       of encoded feature state, point and multi-key reads, scans and stats;
 *   <li>{@code lmdb}: the embedded backend (the default; readers in other processes see commits at once);
 *   <li>{@code dynamodb}: the AWS backend and the DynamoDB generation registry;
 *   <li>{@code generation}: where the flip is — blue/green generations, the registry with compare-and-set promote and
 *       rollback, loading and verifying a slot, and the {@code LiveFeatureReader} the serving API reads through;
 *   <li>{@code snapshot}: reading the batch backfill's snapshot tables; {@code cli}: {@code stillwater generation}.
 * </ul>
 *
 * See docs/feature-store.md.
 */
package io.stillwater.featurestore;
