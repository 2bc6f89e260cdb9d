package dev.sockloop.benchmarks.server;

/**
 * How to start an echo server.
 *
 * @param port port to bind, 0 for a free one
 * @param loops event-loop (selector) threads
 * @param metrics whether to record metrics (only transports that have them honour it)
 */
public record EchoServerOptions(int port, int loops, boolean metrics) {
}
