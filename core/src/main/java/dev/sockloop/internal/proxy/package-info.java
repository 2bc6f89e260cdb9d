/**
 * The PROXY protocol (versions 1 and 2, as HAProxy specifies them): parsing the header a load
 * balancer sends before the client's bytes, to learn the client's address.
 */
package dev.sockloop.internal.proxy;
