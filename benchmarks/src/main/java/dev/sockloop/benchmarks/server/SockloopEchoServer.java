package dev.sockloop.benchmarks.server;

import dev.sockloop.server.SocketServer;

/**
 * Echo on Sockloop's raw engine: {@code c -> c.send(c.receive())}, no Spring.
 */
public final class SockloopEchoServer implements EchoServer {

	private final SocketServer server;

	private final AutoCloseable metrics;

	private SockloopEchoServer(SocketServer server, AutoCloseable metrics) {
		this.server = server;
		this.metrics = metrics;
	}

	/**
	 * Starts the server.
	 * @param options port, loops and whether to bind metrics (scenario G)
	 * @return the running server
	 */
	public static EchoServer start(EchoServerOptions options) {
		SocketServer server = SocketServer.builder()
			.name("echo")
			.port(options.port())
			.loops(options.loops())
			.handler((connection) -> connection.send(connection.receive()))
			.start();
		AutoCloseable metrics = options.metrics() ? SockloopMetrics.bind(server) : () -> {
		};
		return new SockloopEchoServer(server, metrics);
	}

	@Override
	public int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		try {
			this.metrics.close();
		}
		catch (Exception ex) {
			// Closing a registry cannot fail in a way that matters for a benchmark run.
		}
		this.server.close();
	}

}
