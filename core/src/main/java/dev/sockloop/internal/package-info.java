/**
 * Sockloop's engine: everything under {@code dev.sockloop.internal} implements the API packages
 * (every other {@code dev.sockloop} package) and is public only because Java has no other way to
 * share it between packages. The Spring Boot starter uses it; applications must not. Not API, may
 * change without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal;
