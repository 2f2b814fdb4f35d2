/**
 * The segment language: one sealed tree of records ({@link io.tekil.core.segment.Rule}), its text and JSON forms,
 * and the in-memory evaluator that defines what every rule means.
 */
package io.tekil.core.segment;
