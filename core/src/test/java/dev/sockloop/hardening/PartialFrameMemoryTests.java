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

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that announces a large frame and sends only its first bytes costs what it sent, not what it
 * announced: a length header alone must not pin the maximum frame length per connection.
 */
abstract class PartialFrameMemoryTests {

	private static final int CLIENTS = 300;

	private static final int ANNOUNCED = 1024 * 1024;

	private static final int BODY_SENT = 16;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	private final List<SocketChannel> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		FrameCodec codec = FrameCodec.lengthField(4, 0, 2 * ANNOUNCED);
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1)
			.handler((connection) -> connection.send(codec.decode(connection.receive())))
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
	void aHeaderAnnouncingAMegabyteCostsTheBytesThatArrivedNotTheMegabyte() throws Exception {
		// Warm up: classes, JIT and the loop's buffers are allocated once, not per connection.
		for (int i = 0; i < 20; i++) {
			openWithPartialFrame();
		}
		awaitReceived(20);
		long before = RetainedHeap.bytes();
		for (int i = 0; i < CLIENTS; i++) {
			openWithPartialFrame();
		}
		awaitReceived(20 + CLIENTS);
		long after = RetainedHeap.bytes();
		long perConnection = (after - before) / CLIENTS;
		System.out.printf("%s partial frames: %d connections each announcing %d bytes and sending %d retain"
				+ " %+d bytes of heap each, %+d KiB in all%n", transport(), CLIENTS, ANNOUNCED, BODY_SENT,
				perConnection, (after - before) / 1024);
		assertThat(this.server.stats().connectionsActive()).isEqualTo(20 + CLIENTS);
		// An open connection with its operator chain costs a few KiB; the announced megabyte must not count.
		assertThat(perConnection).as("retained heap per connection").isLessThan(16 * 1024);
	}

	private void openWithPartialFrame() throws IOException {
		SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.server.port()));
		this.clients.add(client);
		ByteBuffer partial = ByteBuffer.allocate(4 + BODY_SENT).putInt(ANNOUNCED);
		partial.position(0);
		while (partial.hasRemaining()) {
			client.write(partial);
		}
	}

	private void awaitReceived(int connections) {
		long bytes = (long) connections * (4 + BODY_SENT);
		Await.until(Duration.ofSeconds(10), () -> this.server.stats().bytesReceived() >= bytes,
				connections + " partial frames received");
	}

}
