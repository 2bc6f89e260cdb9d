package dev.sockloop.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.connection.Connection;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed connection is released at once, even when a timeout is configured whose timer would fire
 * much later: cancelling the timer must not leave the connection reachable from the loop's timer queue.
 */
abstract class TimerReleaseTests {

	private static final int CYCLES = 2000;

	/** Header announcing a 64-byte frame, then 10 bytes of it: a partial frame held by the decoder. */
	private static final byte[] PARTIAL_FRAME = ByteBuffer.allocate(14).putInt(64).array();

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private EventLoopGroup group;

	private SocketServer server;

	private final Queue<WeakReference<Connection>> connections = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void start() {
		this.group = new EventLoopGroup(1, "timer-release-", transport());
		FrameCodec codec = FrameCodec.lengthField(4, 0, 1024);
		this.server = SocketServer.builder().address("127.0.0.1").port(0).loopGroup(this.group)
			.idleTimeout(Duration.ofMinutes(5))
			.handler((connection) -> {
				this.connections.add(new WeakReference<>(connection));
				return connection.send(codec.decode(connection.receive()));
			})
			.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(Duration.ofSeconds(5));
		this.group.close();
	}

	@Test
	void aConnectionResetWithAPartialFrameIsReleasedLongBeforeItsIdleTimeout() throws Exception {
		// One connection stays open throughout: its timer, the earliest, heads the queue, so the
		// timers of the connections that come and go never reach the head until it has fired.
		try (Socket longLived = new Socket()) {
			longLived.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsActive() == 1,
					"the long-lived connection accepted");
			assertClosedConnectionsAreReleased();
		}
	}

	private void assertClosedConnectionsAreReleased() throws Exception {
		// Warm up: classes, JIT and the loop's buffers are allocated once, not per connection.
		for (int i = 0; i < 200; i++) {
			connectSendPartialFrameAndReset();
		}
		this.connections.clear();
		long before = RetainedHeap.bytes();
		for (int i = 0; i < CYCLES; i++) {
			connectSendPartialFrameAndReset();
		}
		long after = RetainedHeap.bytes();
		long reachable = this.connections.stream().filter((reference) -> reference.get() != null).count();
		int pendingTimers = pendingTimers(this.group.loop(0));
		long perCycle = (after - before) / CYCLES;
		System.out.printf("%s timer release: %d of %d closed connections reachable, %d timers pending,"
				+ " retained heap %+d bytes per connection%n", transport(), reachable, CYCLES, pendingTimers,
				perCycle);
		assertThat(pendingTimers).as("timers pending with one connection open").isEqualTo(1);
		assertThat(reachable).as("closed connections still reachable").isLessThan(CYCLES / 100);
		// A closed connection costs 1.1-1.6 KiB while its cancelled timer keeps it. What remains is this
		// test's own weak reference and queue node, about 56 bytes; the rest of the bound is GC noise.
		assertThat(perCycle).as("retained heap per closed connection").isLessThan(256);
	}

	private void connectSendPartialFrameAndReset() throws IOException {
		long received = this.server.stats().bytesReceived();
		long closed = this.server.stats().connectionsOpened() - this.server.stats().connectionsActive();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			OutputStream out = socket.getOutputStream();
			out.write(PARTIAL_FRAME);
			out.flush();
			Await.until(Duration.ofSeconds(5),
					() -> this.server.stats().bytesReceived() >= received + PARTIAL_FRAME.length,
					"the partial frame received");
			// SO_LINGER 0: close sends RST.
			socket.setSoLinger(true, 0);
		}
		Await.until(Duration.ofSeconds(5),
				() -> this.server.stats().connectionsOpened() - this.server.stats().connectionsActive() > closed,
				"the server closed the reset connection");
	}

	/** Read on the loop thread, where the timer queue lives. */
	private static int pendingTimers(EventLoop loop) throws Exception {
		CompletableFuture<Integer> pending = new CompletableFuture<>();
		loop.execute(() -> pending.complete(loop.pendingTimers()));
		return pending.get(5, TimeUnit.SECONDS);
	}

}
