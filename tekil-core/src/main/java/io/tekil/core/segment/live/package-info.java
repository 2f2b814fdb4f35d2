/**
 * Real-time segments: memberships kept current as events, trait changes, merges, splits and time arrive, each
 * change recorded as an enter or exit with its time and cause.
 */
package io.tekil.core.segment.live;
