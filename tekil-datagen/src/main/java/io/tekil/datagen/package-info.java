/**
 * A deterministic generator of realistic Turkish e-commerce data: Segment NDJSON for web and app, store, call
 * centre, CRM and e-mail exports as CSV, and the ground truth (true person of every record and identifier) that
 * identity resolution is tested against. Entry point: {@link io.tekil.datagen.DataGenerator}.
 */
package io.tekil.datagen;
