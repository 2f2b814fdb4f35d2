/** The HTTP surface: the Segment-compatible tracking API under /v1, the admin API under /api, and /health. */
package io.tekil.server.http;
