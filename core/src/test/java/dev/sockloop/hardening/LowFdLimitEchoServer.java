package dev.sockloop.hardening;

import java.time.Duration;

import dev.sockloop.server.SocketServer;

/**
 * An echo server for {@link FileDescriptorExhaustionTests}, run in its own JVM under a low
 * open-files limit. Prints its port, then serves until stdin closes.
 */
public final class LowFdLimitEchoServer {

	private LowFdLimitEchoServer() {
	}

	public static void main(String[] args) throws Exception {
		// No connection limit: the test is about running out of fds, which the default limit (90% of
		// them) would otherwise prevent.
		SocketServer server = SocketServer.builder().address("127.0.0.1").port(0).loops(1).maxConnections(0)
				.handler((connection) -> connection.send(connection.receive())).start();
		System.out.println("PORT " + server.port());
		System.out.flush();
		while (System.in.read() != -1) {
			// Serve until the test closes our stdin.
		}
		server.stop(Duration.ofSeconds(2));
	}

}
