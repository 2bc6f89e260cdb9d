/**
 * Ahead-of-time processing and native images: the reflection that {@code @SocketHandler} methods
 * need, and what JNA's direct mapping of the native calls needs (see docs/deployment.md for what
 * has and has not been tried with GraalVM).
 */
package dev.sockloop.autoconfigure.aot;
