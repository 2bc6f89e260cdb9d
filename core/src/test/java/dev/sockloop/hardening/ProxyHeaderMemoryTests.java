package dev.sockloop.hardening;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.internal.proxy.ProxyHeaderParser;
import dev.sockloop.server.Await;
import dev.sockloop.server.ProxyProtocol;
import dev.sockloop.server.SocketServer;
import dev.sockloop.testing.ProxyHeaders;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that sends all but the last byte of the longest PROXY protocol v2 header we accept holds
 * that much heap until the header timeout, and no more: the bound docs/deployment.md states.
 */
abstract class ProxyHeaderMemoryTests {

	private static final int CLIENTS = 300;

	/** The longest header accepted, less its last byte, so that it never completes. */
	private static final int SENT = ProxyHeaderParser.MAX_LENGTH - 1;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	private final List<SocketChannel> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1)
			.proxyProtocol(ProxyProtocol.REQUIRED).proxyHeaderTimeout(Duration.ofMinutes(1))
			.handler((connection) -> connection.send(connection.receive()))
			.start();
	}

	@AfterEach
	void stop() throws IOException {
		for (SocketChannel client : this.clients) {
			client.close();
		}
		this.server.stop(Duration.ofSeconds(5));
	}

	@Test
	void aConnectionStuckInTheLongestHeaderHoldsAboutThatHeaderOfHeap() throws Exception {
		for (int i = 0; i < 20; i++) {
			openWithIncompleteHeader();
		}
		awaitReceived(20);
		long before = RetainedHeap.bytes();
		for (int i = 0; i < CLIENTS; i++) {
			openWithIncompleteHeader();
		}
		awaitReceived(20 + CLIENTS);
		long after = RetainedHeap.bytes();
		long perConnection = (after - before) / CLIENTS;
		System.out.printf("%s incomplete PROXY headers: %d connections each sending %d bytes retain %+d bytes of"
				+ " heap each%n", transport(), CLIENTS, SENT, perConnection);
		assertThat(this.server.stats().connectionsActive()).isEqualTo(20 + CLIENTS);
		// The header bytes plus an idle connection's few hundred bytes; never a read buffer (64 KiB).
		assertThat(perConnection).as("retained heap per connection").isLessThan(SENT + 3072);
	}

	private void openWithIncompleteHeader() throws IOException {
		SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.server.port()));
		this.clients.add(client);
		byte[] header = ProxyHeaders.v2(0x21, 0x11, ProxyHeaderParser.MAX_V2_PAYLOAD,
				new byte[ProxyHeaderParser.MAX_V2_PAYLOAD]);
		ByteBuffer partial = ByteBuffer.wrap(header, 0, SENT);
		while (partial.hasRemaining()) {
			client.write(partial);
		}
	}

	private void awaitReceived(int connections) {
		long bytes = (long) connections * SENT;
		Await.until(Duration.ofSeconds(10), () -> this.server.stats().bytesReceived() >= bytes,
				connections + " incomplete headers received");
	}

}
