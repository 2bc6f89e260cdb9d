package dev.sockloop.hardening;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send as fast as they can and never read cost the server a bounded amount of memory
 * each: about the write high-water mark plus one read buffer, whatever the handler.
 *
 * <p>What the server holds is measured two ways: bytes it has read but not written (on an echo
 * server, exactly its write queues) and the growth of the heap after a full GC, per client.
 */
abstract class NonReadingClientMemoryTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static final int HIGH_WATER_MARK = 64 * 1024;

	/** What one non-reading client may cost: twice the high-water mark plus one read buffer. */
	private static final long BOUND_PER_CLIENT = 2L * HIGH_WATER_MARK + LoopBuffers.READ_SIZE;

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
	void aClientThatSendsWithoutReadingCostsAnEchoServerAboutTheHighWaterMark() throws Exception {
		assertBoundedPerClient((connection) -> connection.send(connection.receive()), 50);
	}

	@Test
	void aHandlerThatSendsEachBufferSeparatelyStopsReadingAboveTheHighWaterMark() throws Exception {
		// flatMap keeps asking the inbound for more while each buffer waits in the write queue: only
		// the connection's own read pause bounds what it holds.
		assertBoundedPerClient((connection) -> connection.receive()
			.flatMap((buffer) -> connection.send(Mono.just(buffer)))
			.then(), 10);
	}

	private void assertBoundedPerClient(ConnectionHandler handler, int clientCount) throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(2)
			.writeHighWaterMark(HIGH_WATER_MARK).writeLowWaterMark(HIGH_WATER_MARK / 2)
			.handler(handler).start();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.server.port());
		// One well-behaved exchange first: classes and pools the server needs anyway are not counted.
		assertThat(Clients.exchange(address, new byte[100_000])).hasSize(100_000);
		long receivedBefore = this.server.stats().bytesReceived();
		long sentBefore = this.server.stats().bytesSent();
		long heapBefore = RetainedHeap.bytes();

		for (int i = 0; i < clientCount; i++) {
			SocketChannel client = SocketChannel.open();
			// Small client buffers keep the kernel's share (not what is measured) small and quick to fill.
			client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
			client.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
			client.connect(address);
			client.configureBlocking(false);
			this.clients.add(client);
		}
		long sent = sendUntilTheServerStopsReading();

		long held = (this.server.stats().bytesReceived() - receivedBefore) - (this.server.stats().bytesSent() - sentBefore);
		long heapGrowth = RetainedHeap.bytes() - heapBefore;
		long heldPerClient = held / clientCount;
		long heapPerClient = heapGrowth / clientCount;
		System.out.printf("%s, %d non-reading clients sent %d bytes: server holds %d bytes per client in its write"
				+ " queues, heap grew %d bytes per client, backpressure pauses %d (bound %d)%n", transport(), clientCount,
				sent, heldPerClient, heapPerClient, this.server.stats().backpressurePaused(), BOUND_PER_CLIENT);
		assertThat(heldPerClient).as("bytes read and not written, per non-reading client")
			.isLessThanOrEqualTo(BOUND_PER_CLIENT);
		assertThat(heapPerClient).as("heap growth after GC, per non-reading client").isLessThanOrEqualTo(BOUND_PER_CLIENT);
		assertThat(this.server.stats().backpressurePaused()).isPositive();
	}

	/**
	 * Writes to every client until its socket would block, round after round, until the server has
	 * read nothing new for a while: it has stopped reading, and the kernel pushes back.
	 */
	private long sendUntilTheServerStopsReading() {
		ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
		byte[] random = new byte[chunk.capacity()];
		new Random(12).nextBytes(random);
		chunk.put(random);
		long[] sent = new long[1];
		long[] lastReceived = { -1 };
		long[] stableSince = { System.nanoTime() };
		Await.until(Duration.ofSeconds(10), () -> {
			for (SocketChannel client : this.clients) {
				try {
					int n;
					do {
						chunk.clear();
						n = client.write(chunk);
						sent[0] += n;
					}
					while (n > 0);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
			long received = this.server.stats().bytesReceived();
			long now = System.nanoTime();
			if (received != lastReceived[0]) {
				lastReceived[0] = received;
				stableSince[0] = now;
				return false;
			}
			return now - stableSince[0] > Duration.ofMillis(500).toNanos();
		}, "the server stops reading from clients that never read");
		return sent[0];
	}

}
