/**
 * Sockloop's Micrometer meters: {@link dev.sockloop.autoconfigure.metrics.SockloopMeterBinder}
 * exposes the counters the engine already keeps per loop and per server (wake-ups, fds,
 * connections, bytes, errors) as meters that read them, and records loop latency off the loop
 * thread, so that metrics add nothing to the engine's hot path but a stored sample.
 */
package dev.sockloop.autoconfigure.metrics;
