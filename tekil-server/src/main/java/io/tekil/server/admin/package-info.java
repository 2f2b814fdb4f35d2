/** The workspace's sources and the admin token: who may send events, and who may read them. */
package io.tekil.server.admin;
