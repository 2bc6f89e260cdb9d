package dev.sockloop.benchmarks.server;

/**
 * A running echo server of one transport, bound to a port on all addresses.
 */
public interface EchoServer extends AutoCloseable {

	/**
	 * The bound port (the real one when started on port 0).
	 * @return the port
	 */
	int port();

	/**
	 * Stops the server and releases its threads and sockets.
	 */
	@Override
	void close();

}
