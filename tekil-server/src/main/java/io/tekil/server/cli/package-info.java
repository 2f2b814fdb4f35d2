/** The {@code tekil} command line: serve, manage sources and the admin token, show configuration. */
package io.tekil.server.cli;
