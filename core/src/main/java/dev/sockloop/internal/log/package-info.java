/**
 * Logging the engine shares: {@code RateLimitedLog}, which logs a recurring warning at most once
 * per interval with the count of those suppressed, for anything a peer can cause. Not API, may
 * change without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal.log;
