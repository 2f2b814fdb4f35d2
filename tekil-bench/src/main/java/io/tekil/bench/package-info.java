/**
 * Performance measurement of Tekil: JMH micro-benchmarks ({@code BenchmarkXxx}) and the HTTP ingestion load
 * harness ({@link io.tekil.bench.LoadHarness}). Nothing here is used by the server; docs/benchmarks.md says how
 * to run each.
 */
package io.tekil.bench;
