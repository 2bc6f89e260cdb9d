package dev.sockloop.hardening;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that floods frames at a handler that takes one and asks for no more costs at most one read's
 * worth of decoded frames per connection: the socket is read only once the frames of the last read
 * are taken, and the kernel's buffers push back on the peer.
 */
abstract class SlowFrameSubscriberMemoryTests {

	private static final int CLIENTS = 30;

	private static final int FRAME = 1024;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	private final List<SocketChannel> clients = new ArrayList<>();

	private void start(FrameCodec codec) {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1)
			.handler((connection) -> {
				codec.decode(connection.receive()).subscribe(new TakesOneFrame());
				return Mono.never();
			})
			.start();
	}

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
	void aPeerFloodingFramesAtAHandlerThatTakesOneCostsAtMostOneReadOfFrames() throws Exception {
		start(FrameCodec.lengthField(4, 0, 64 * 1024));
		ByteBuffer frames = ByteBuffer.allocate(256 * (4 + FRAME));
		while (frames.hasRemaining()) {
			frames.putInt(FRAME).position(frames.position() + FRAME);
		}
		long perConnection = retainedPerFloodingConnection(frames.array(), CLIENTS);
		// One read is at most 64 KiB, cut into frames (each with a buffer object and an array header).
		assertThat(perConnection).as("retained heap per connection").isLessThan(96 * 1024);
	}

	@Test
	void aPeerFloodingEmptyLinesCostsAtMostOneReadOfPackedFrames() throws Exception {
		start(FrameCodec.line(1024));
		byte[] lines = new byte[256 * 1024];
		java.util.Arrays.fill(lines, (byte) '\n');
		long perConnection = retainedPerFloodingConnection(lines, 10);
		// The worst case: a 64 KiB read of one-byte frames, 65,536 frames; as buffer objects they
		// would take 5 MB.
		assertThat(perConnection).as("retained heap per connection").isLessThan(1024 * 1024);
	}

	private long retainedPerFloodingConnection(byte[] wire, int clients) throws IOException {
		for (int i = 0; i < 3; i++) {
			flood(wire);
		}
		awaitPaused(3);
		long before = RetainedHeap.bytes();
		for (int i = 0; i < clients; i++) {
			flood(wire);
		}
		awaitPaused(3 + clients);
		long after = RetainedHeap.bytes();
		long perConnection = (after - before) / clients;
		System.out.printf("%s slow frame subscriber: %d connections flooding %,d-byte writes retain %+,d bytes of heap"
				+ " each (%,d bytes read in all)%n", transport(), clients, wire.length, perConnection,
				this.server.stats().bytesReceived());
		return perConnection;
	}

	/** Connects and writes until the socket buffers are full. */
	private void flood(byte[] wire) throws IOException {
		SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.server.port()));
		this.clients.add(client);
		client.configureBlocking(false);
		ByteBuffer frames = ByteBuffer.wrap(wire);
		int stalled = 0;
		while (stalled < 3) {
			frames.clear();
			int n = 0;
			while (frames.hasRemaining() && (n = client.write(frames)) > 0) {
			}
			stalled = (n == 0) ? stalled + 1 : 0;
			if (n == 0) {
				Thread.onSpinWait();
			}
		}
	}

	/** Until every connection's reads have stopped for want of demand. */
	private void awaitPaused(int connections) {
		Await.until(Duration.ofSeconds(10), () -> this.server.stats().backpressurePaused() >= connections,
				connections + " connections paused");
	}

	/** Takes the first frame and asks for nothing more. */
	private static final class TakesOneFrame extends BaseSubscriber<ByteBuffer> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

	}

}
