/** Every configuration key, declared once with its type, default and documentation, and loaded from file and environment. */
package io.tekil.server.config;
