/**
 * The storage roles Tekil needs, as narrow interfaces in Tekil's own words. Every backend implements them
 * and passes the shared conformance suites ({@code BaseEventStoreTest} and friends in the test-jar).
 */
package io.tekil.core.store;
