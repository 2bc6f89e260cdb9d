package dev.sockloop.server;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
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

	/**
	 * Threads of their own for the clients: the common pool may have a single thread on a two-CPU
	 * machine (and CompletableFuture uses it from Java 21 on), which blocked clients would starve.
	 */
	private final ExecutorService clients = Executors.newCachedThreadPool();

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	/** Sends a payload, half-closes, reads the echo to the end; the writer on a thread of its own. */
	private byte[] exchange(InetSocketAddress address, byte[] payload, Map<Integer, byte[]> sentByPort)
			throws Exception {
		try (Socket socket = Clients.connect(address)) {
			if (sentByPort != null) {
				sentByPort.put(socket.getLocalPort(), payload);
			}
			Future<?> written = this.clients.submit(() -> {
				socket.getOutputStream().write(payload);
				socket.shutdownOutput();
				return null;
			});
			byte[] received = Clients.readToEnd(socket.getInputStream());
			written.get();
			return received;
		}
	}

	/** Echoes every payload on its own connection at the same time; returns what came back. */
	private List<byte[]> exchangeAll(InetSocketAddress address, List<byte[]> payloads, Map<Integer, byte[]> sentByPort)
			throws Exception {
		List<Future<byte[]>> echoes = new ArrayList<>();
		for (byte[] payload : payloads) {
			echoes.add(this.clients.submit(() -> exchange(address, payload, sentByPort)));
		}
		List<byte[]> results = new ArrayList<>();
		for (Future<byte[]> echo : echoes) {
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
			assertThat(exchange(address, warmup, null)).isEqualTo(warmup);
			Thread loop = loopThread.get();
			assertThat(loop).isNotNull();
			List<byte[]> payloads = List.of(randomPayload(PAYLOAD, 2), randomPayload(PAYLOAD, 3),
					randomPayload(PAYLOAD, 4), randomPayload(PAYLOAD, 5));
			long before = allocatedBytes(loop);
			List<byte[]> echoed = exchangeAll(address, payloads, null);
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
			Map<Integer, byte[]> sent = new ConcurrentHashMap<>();
			List<byte[]> payloads = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				payloads.add(randomPayload(PAYLOAD / 2, 10 + i));
			}
			List<byte[]> echoed = exchangeAll(address, payloads, sent);
			for (int i = 0; i < payloads.size(); i++) {
				assertThat(echoed.get(i)).as("echo %d", i).isEqualTo(payloads.get(i));
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

	@Test
	void everyBufferHandedToAHandlerHoldsExactlyItsBytesInAnArrayOfItsOwn() throws Exception {
		ConcurrentLinkedQueue<ByteBuffer> seen = new ConcurrentLinkedQueue<>();
		AtomicReference<LoopBuffers> loopBuffers = new AtomicReference<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("exact").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> {
				loopBuffers.set(EventLoop.current().buffers());
				return connection.send(connection.receive().doOnNext(seen::add));
			}).start();
		try {
			byte[] payload = randomPayload(PAYLOAD, 20);
			assertThat(exchange(new InetSocketAddress("127.0.0.1", server.port()), payload, null)).isEqualTo(payload);
			assertThat(seen).isNotEmpty().allSatisfy((buffer) -> {
				assertThat(buffer.hasArray()).isTrue();
				assertThat(buffer.arrayOffset()).isZero();
				assertThat(buffer.array()).hasSize(buffer.remaining());
			});
			java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
			seen.forEach((buffer) -> arrays.add(buffer.array()));
			assertThat(arrays).as("arrays of their own").hasSize(seen.size());
			boolean heapCalls = loopBuffers.get().readsToHeap();
			System.out.printf("%s, Java %d: heap socket calls %s, %d reads%n", transport(), Runtime.version().feature(),
					heapCalls ? "on" : "off", seen.size());
			assertThat(heapCalls).isEqualTo(expectHeapCalls());
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	/** Whether this suite's loops should read and write heap arrays directly (FFM, Java 22+ on epoll). */
	boolean expectHeapCalls() {
		return transport() == Transport.EPOLL && Runtime.version().feature() >= 22
				&& !"false".equals(System.getProperty(dev.sockloop.internal.linux.SocketCalls.FFM_PROPERTY));
	}

	@Test
	void smallLargeHeapDirectReadOnlyAndSlicedBuffersArriveInOrder() throws Exception {
		byte[] stream = randomPayload(3 * 1024 * 1024, 30);
		List<ByteBuffer> pieces = new ArrayList<>();
		Random random = new Random(31);
		int at = 0;
		for (int i = 0; at < stream.length; i++) {
			int size = Math.min(stream.length - at, switch (i % 5) {
				case 0 -> 1 + random.nextInt(100);
				case 1 -> 32 * 1024 + random.nextInt(64 * 1024);
				case 2 -> 1 + random.nextInt(8 * 1024);
				case 3 -> 200 * 1024 + random.nextInt(100 * 1024);
				default -> 4 * 1024 + random.nextInt(40 * 1024);
			});
			ByteBuffer piece = switch (i % 4) {
				case 0 -> ByteBuffer.wrap(Arrays.copyOfRange(stream, at, at + size));
				case 1 -> {
					// A slice in the middle of a larger array: arrayOffset and position both non-zero.
					byte[] padded = new byte[size + 40];
					System.arraycopy(stream, at, padded, 17, size);
					ByteBuffer slice = ByteBuffer.wrap(padded, 7, size + 20).slice();
					yield slice.position(10).limit(10 + size);
				}
				case 2 -> ByteBuffer.wrap(Arrays.copyOfRange(stream, at, at + size)).asReadOnlyBuffer();
				default -> ByteBuffer.allocateDirect(size).put(stream, at, size).flip();
			};
			pieces.add(piece);
			at += size;
		}
		SocketServer server = SocketServer.builder().transport(transport()).name("pieces").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> connection.send(reactor.core.publisher.Flux.fromIterable(pieces)))
			.start();
		try (Socket socket = Clients.connect(new InetSocketAddress("127.0.0.1", server.port()))) {
			socket.shutdownOutput();
			assertThat(Clients.readToEnd(socket.getInputStream())).isEqualTo(stream);
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void clientsThatNeverReadHoldAtMostTheLoopsPoolAndOthersStillGetTheirEchoCopied() throws Exception {
		AtomicReference<LoopBuffers> loopBuffers = new AtomicReference<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("hold").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> {
				loopBuffers.set(EventLoop.current().buffers());
				return connection.send(connection.receive());
			}).start();
		List<Socket> hostile = new ArrayList<>();
		try {
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
			// More clients than the pool has buffers; each fills its echo's write queue with lent reads.
			byte[] chunk = randomPayload(1024 * 1024, 40);
			for (int i = 0; i < 80; i++) {
				Socket socket = new Socket();
				socket.setReceiveBufferSize(4096);
				socket.connect(address, 5000);
				hostile.add(socket);
				this.clients.submit(() -> {
					while (true) {
						socket.getOutputStream().write(chunk);
					}
				});
			}
			Await.until(Duration.ofSeconds(10), () -> loopBuffers.get() != null
					&& loopBuffers.get().readBuffersCreated() == 64 && loopBuffers.get().readBuffersFree() == 0,
					"every buffer of the pool lent out");
			// The pool is dry: a well-behaved client's reads are copied, and its echo is still exact.
			byte[] payload = randomPayload(PAYLOAD / 4, 41);
			assertThat(exchange(address, payload, null)).isEqualTo(payload);
			assertThat(loopBuffers.get().readBuffersCreated()).isEqualTo(64);
			for (Socket socket : hostile) {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			LoopBuffers buffers = loopBuffers.get();
			Await.until(Duration.ofSeconds(10), () -> buffers.readBuffersFree() == buffers.readBuffersCreated() - 1,
					"the closed connections' queues gave their buffers back");
		}
		finally {
			for (Socket socket : hostile) {
				socket.close();
			}
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

}
