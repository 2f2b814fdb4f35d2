/** Identity resolution in the running server: feeds committed events to the identity graph and keeps its log durable. */
package io.tekil.server.identity;
