package dev.sockloop.hardening;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an idle connection costs the server's heap, with the server's view of its connections
 * ({@link SocketServer#connections()}, about 70 bytes of it) included: under the 1 KiB per
 * connection the design allows for all of an idle connection's memory.
 */
abstract class IdleConnectionHeapTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	/**
	 * Heap an idle connection may cost: the design's 1 KiB on epoll, where it is the target; the
	 * portable transport holds a JDK channel and a selection key per connection besides.
	 */
	long heapBoundPerConnection() {
		return 1024;
	}

	private static final int CONNECTIONS = 2000;

	private SocketServer server;

	private final List<SocketChannel> clients = new ArrayList<>();

	@AfterEach
	void stop() throws IOException {
		for (SocketChannel client : this.clients) {
			client.close();
		}
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void anIdleConnectionCostsTheServerWellUnderOneKibibyteOfHeap() throws Exception {
		this.server = SocketServer.builder().transport(transport()).name("idle").address("127.0.0.1").loops(2)
			.handler((connection) -> connection.send(connection.receive()))
			.start();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.server.port());
		connect(address, 50);
		Await.until(Duration.ofSeconds(5), () -> this.server.connections().size() == 50, "the warm-up connections");
		long heapBefore = RetainedHeap.bytes();
		connect(address, CONNECTIONS);
		Await.until(Duration.ofSeconds(10), () -> this.server.connections().size() == CONNECTIONS + 50,
				"every connection is open");
		// The clients' channels are in this heap too: measure them alone and take them off.
		long clientsOnly = clientChannelBytes(CONNECTIONS);
		long perConnection = (RetainedHeap.bytes() - heapBefore - clientsOnly) / CONNECTIONS;
		System.out.printf("%s: %d idle connections cost the server %d bytes of heap each%n", transport(), CONNECTIONS,
				perConnection);
		assertThat(perConnection).isLessThan(heapBoundPerConnection());
	}

	private void connect(InetSocketAddress address, int count) throws IOException {
		for (int i = 0; i < count; i++) {
			this.clients.add(SocketChannel.open(address));
		}
	}

	/** Heap of {@code count} connected client channels, to a plain JDK server socket. */
	private static long clientChannelBytes(int count) throws IOException {
		try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
			listener.bind(new InetSocketAddress("127.0.0.1", 0), count);
			List<SocketChannel> clients = new ArrayList<>();
			List<SocketChannel> accepted = new ArrayList<>();
			try {
				long before = RetainedHeap.bytes();
				for (int i = 0; i < count; i++) {
					clients.add(SocketChannel.open(listener.getLocalAddress()));
					accepted.add(listener.accept());
				}
				// Accepted channels cost what client ones do: half the growth is the clients'.
				return (RetainedHeap.bytes() - before) / 2;
			}
			finally {
				for (SocketChannel channel : clients) {
					channel.close();
				}
				for (SocketChannel channel : accepted) {
					channel.close();
				}
			}
		}
	}

}
