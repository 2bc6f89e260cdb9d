package dev.sockloop.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large messages through real sockets: the forwarding path ({@code send(receive())}) that lends the
 * loop's read buffers to the write queue instead of copying them, and the guarantee every other
 * handler keeps: a buffer it was handed is its own, never written to again.
 */
abstract class LargeMessageTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private static final int PAYLOAD = 8 * 1024 * 1024;

	private static byte[] randomPayload(int size, long seed) {
		byte[] payload = new byte[size];
		new Random(seed).nextBytes(payload);
		return payload;
	}

	private static long allocatedBytes(Thread thread) {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
			.getThreadAllocatedBytes(thread.getId());
	}

	/** Echoes every payload on its own connection at the same time; returns what came back. */
	private static List<byte[]> exchangeAll(InetSocketAddress address, List<byte[]> payloads) throws Exception {
		List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
		for (byte[] payload : payloads) {
			echoes.add(CompletableFuture.supplyAsync(() -> {
				try {
					return Clients.exchange(address, payload);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		List<byte[]> results = new ArrayList<>();
		for (CompletableFuture<byte[]> echo : echoes) {
			results.add(echo.get());
		}
		return results;
	}

	@Test
	void forwardingLargeMessagesCopiesAndAllocatesNothingPerReadAndGivesEveryBufferBack() throws Exception {
		AtomicReference<Thread> loopThread = new AtomicReference<>();
		AtomicReference<LoopBuffers> loopBuffers = new AtomicReference<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("forward").address("127.0.0.1")
			.port(0).loops(1).handler((connection) -> {
				loopThread.set(Thread.currentThread());
				loopBuffers.set(EventLoop.current().buffers());
				return connection.send(connection.receive());
			}).start();
		try {
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
			// Warm up: loads classes, creates the loop's pool, lets the JIT settle on the loop thread.
			byte[] warmup = randomPayload(PAYLOAD, 1);
			assertThat(Clients.exchange(address, warmup)).isEqualTo(warmup);
			Thread loop = loopThread.get();
			assertThat(loop).isNotNull();
			List<byte[]> payloads = List.of(randomPayload(PAYLOAD, 2), randomPayload(PAYLOAD, 3),
					randomPayload(PAYLOAD, 4), randomPayload(PAYLOAD, 5));
			long before = allocatedBytes(loop);
			List<byte[]> echoed = exchangeAll(address, payloads);
			long allocated = allocatedBytes(loop) - before;
			for (int i = 0; i < payloads.size(); i++) {
				assertThat(echoed.get(i)).as("echo %d", i).isEqualTo(payloads.get(i));
			}
			long echoedBytes = 4L * PAYLOAD;
			System.out.printf("%s: loop thread allocated %,d bytes while echoing %,d (%.3f per byte)%n", transport(),
					allocated, echoedBytes, allocated / (double) echoedBytes);
			// Copying out every read allocates at least one byte per byte echoed. Reads smaller than
			// the lending threshold are still copied: allow a tenth.
			assertThat(allocated).isLessThan(echoedBytes / 10);
			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 0, "the connections closed");
			LoopBuffers buffers = loopBuffers.get();
			AtomicInteger out = new AtomicInteger(-1);
			// The loop's own read buffer is the only one not back in the pool.
			Await.until(Duration.ofSeconds(5),
					() -> buffers.readBuffersCreated() - buffers.readBuffersFree() == 1, "every lent buffer came back");
			out.set(buffers.readBuffersCreated());
			assertThat(out.get()).isBetween(2, 64);
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aBufferHandedToTheHandlerIsNeverWrittenToAgainWhileOthersForwardOnTheSameLoop() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		Map<Integer, ConcurrentLinkedQueue<ByteBuffer>> kept = new ConcurrentHashMap<>();
		// One loop: keeping and forwarding connections share its read buffers. Even connections keep
		// every buffer they are handed (and echo it); odd ones forward, lending the read buffers.
		SocketServer server = SocketServer.builder().transport(transport()).name("keep").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> {
				if (connections.getAndIncrement() % 2 == 1) {
					return connection.send(connection.receive());
				}
				ConcurrentLinkedQueue<ByteBuffer> mine = new ConcurrentLinkedQueue<>();
				kept.put(((InetSocketAddress) connection.remoteAddress()).getPort(), mine);
				return connection.send(connection.receive().doOnNext(mine::add));
			}).start();
		try {
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
			List<CompletableFuture<Integer>> ports = new ArrayList<>();
			Map<Integer, byte[]> sent = new ConcurrentHashMap<>();
			for (int i = 0; i < 4; i++) {
				byte[] payload = randomPayload(PAYLOAD / 2, 10 + i);
				ports.add(CompletableFuture.supplyAsync(() -> {
					try (Socket socket = Clients.connect(address)) {
						sent.put(socket.getLocalPort(), payload);
						CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
							try {
								socket.getOutputStream().write(payload);
								socket.shutdownOutput();
							}
							catch (IOException ex) {
								throw new UncheckedIOException(ex);
							}
						});
						assertThat(Clients.readToEnd(socket.getInputStream())).isEqualTo(payload);
						written.get();
						return socket.getLocalPort();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
			}
			for (CompletableFuture<Integer> port : ports) {
				port.get();
			}
			assertThat(kept).hasSize(2);
			// Long after the exchanges, with the loop's buffers reused many times over, what each keeping
			// handler holds is still exactly what its peer sent.
			kept.forEach((port, buffers) -> {
				byte[] expected = sent.get(port);
				int offset = 0;
				for (ByteBuffer buffer : buffers) {
					assertThat(buffer.isDirect()).isFalse();
					ByteBuffer view = buffer.duplicate();
					view.position(0);
					byte[] bytes = new byte[view.remaining()];
					view.get(bytes);
					assertThat(bytes).as("kept buffer at %d from port %d", offset, port)
						.isEqualTo(Arrays.copyOfRange(expected, offset, offset + bytes.length));
					offset += bytes.length;
				}
				assertThat(offset).isEqualTo(expected.length);
			});
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

}
