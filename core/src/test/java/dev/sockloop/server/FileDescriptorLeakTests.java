package dev.sockloop.server;

import java.io.File;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sockloop.server.Clients.Ending;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class FileDescriptorLeakTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static int openFds() {
		String[] fds = new File("/proc/self/fd").list();
		return (fds != null) ? fds.length : -1;
	}

	private void runServerAndClients() throws Exception {
		EventLoopGroup group = new EventLoopGroup(2, "fd-check-", transport());
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loopGroup(group)
			.handler((connection) -> connection.send(connection.receive())).start();
		List<byte[]> payloads = NioClients.distinctPayloads(200, 4, 100_000, 8);
		List<NioClients.Result> results = NioClients.run(server.localAddress(), payloads, true, 100,
				Duration.ofSeconds(20));
		assertThat(results).allMatch((r) -> r.ending() == Ending.EOF);
		// A few connections left open: stop must close them too.
		java.net.Socket idle1 = Clients.connect(server.localAddress());
		java.net.Socket idle2 = Clients.connect(server.localAddress());
		Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 2, "two idle connections");
		server.stop(Duration.ofSeconds(2));
		assertThat(group.close(Duration.ofSeconds(5))).isTrue();
		idle1.close();
		idle2.close();
	}

	@Test
	void groupServerAndConnectionsLeaveNoFileDescriptorBehind() throws Exception {
		runServerAndClients(); // warm-up: the JDK opens some fds lazily, once
		int before = openFds();
		runServerAndClients();
		Await.until(Duration.ofSeconds(5), () -> openFds() == before,
				"open fds back to " + before + " (now " + openFds() + ")");
	}

	@Test
	void failedStartLeavesNoFileDescriptorBehind() throws Exception {
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
				java.net.InetAddress.getByName("127.0.0.1"))) {
			tryStartOn(taken.getLocalPort()); // warm-up
			int before = openFds();
			for (int i = 0; i < 5; i++) {
				tryStartOn(taken.getLocalPort());
			}
			Await.until(Duration.ofSeconds(5), () -> openFds() == before,
					"open fds back to " + before + " (now " + openFds() + ")");
		}
	}

	private void tryStartOn(int port) {
		try {
			SocketServer.builder().transport(transport()).address("127.0.0.1").port(port).loops(2)
				.handler((connection) -> connection.send(connection.receive())).start();
			throw new AssertionError("bind should have failed");
		}
		catch (ServerStartException expected) {
		}
	}

}
