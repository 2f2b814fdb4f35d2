/**
 * The tracked event as Tekil stores it, and the sources and channels events arrive from.
 * Values only: no I/O.
 */
package io.tekil.core.event;
