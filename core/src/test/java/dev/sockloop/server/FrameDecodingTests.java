package dev.sockloop.server;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frame codecs on a connection's own inbound, through real sockets: frames are cut straight from the
 * loop's read buffer (no copy of each read before the decoder copies each frame), whatever way the
 * frames fall across reads, and a bad frame still ends the connection after the frames before it.
 */
abstract class FrameDecodingTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private static final int FRAME = 16 * 1024;

	private static final FrameCodec CODEC = FrameCodec.lengthField(4, 0, 64 * 1024);

	private final ExecutorService clients = Executors.newCachedThreadPool();

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	private static long allocatedBytes(Thread thread) {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
			.getThreadAllocatedBytes(thread.getId());
	}

	/** Length-field frames of the given bodies, back to back. */
	private static byte[] framed(List<byte[]> bodies) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] body : bodies) {
			out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
			out.writeBytes(body);
		}
		return out.toByteArray();
	}

	private static List<byte[]> bodies(int count, int size, long seed) {
		Random random = new Random(seed);
		List<byte[]> bodies = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] body = new byte[(size > 0) ? size : random.nextInt(-size + 1)];
			random.nextBytes(body);
			bodies.add(body);
		}
		return bodies;
	}

	private static byte[] concat(List<byte[]> bodies) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		bodies.forEach(out::writeBytes);
		return out.toByteArray();
	}

	/** Writes {@code wire} in pieces of at most {@code piece} bytes, half-closes, reads to the end. */
	private byte[] exchange(InetSocketAddress address, byte[] wire, int piece) throws Exception {
		try (Socket socket = Clients.connect(address)) {
			socket.setTcpNoDelay(true);
			Future<?> written = this.clients.submit(() -> {
				OutputStream out = socket.getOutputStream();
				for (int at = 0; at < wire.length; at += piece) {
					out.write(wire, at, Math.min(piece, wire.length - at));
					out.flush();
				}
				socket.shutdownOutput();
				return null;
			});
			byte[] received = Clients.readToEnd(socket.getInputStream());
			written.get();
			return received;
		}
	}

	private SocketServer decodingEcho() {
		return SocketServer.builder().transport(transport()).name("decode").address("127.0.0.1").port(0).loops(1)
			.handler((connection) -> connection.send(CODEC.decode(connection.receive())))
			.start();
	}

	@Test
	void decodingLargeFramesAllocatesOnlyTheFramesOnTheLoop() throws Exception {
		double perByte = allocatedPerByteEchoed(false);
		// Each frame is a fresh array of its own (one byte per byte); a copy of each read before
		// the decoder would make it two.
		assertThat(perByte).isLessThan(1.25);
	}

	@Test
	void decodingAndReencodingLargeFramesAllocatesOnlyTheFramesAndTheirEncodings() throws Exception {
		double perByte = allocatedPerByteEchoed(true);
		// The frame and its encoding (the encoder copies the frame behind its header): two bytes per
		// byte; a copy of each read before the decoder would make it three.
		assertThat(perByte).isLessThan(2.25);
	}

	/** Heap allocated on the loop thread per byte echoed by a decoding (and maybe re-encoding) echo. */
	private double allocatedPerByteEchoed(boolean encode) throws Exception {
		AtomicReference<Thread> loopThread = new AtomicReference<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("decode").address("127.0.0.1")
			.port(0).loops(1).handler((connection) -> {
				loopThread.set(Thread.currentThread());
				return connection.send(encode ? CODEC.encode(CODEC.decode(connection.receive()))
						: CODEC.decode(connection.receive()));
			})
			.start();
		try {
			InetSocketAddress address = server.localAddress();
			List<byte[]> warmup = bodies(256, FRAME, 1);
			byte[] warmupEcho = encode ? framed(warmup) : concat(warmup);
			assertThat(exchange(address, framed(warmup), 1024 * 1024)).isEqualTo(warmupEcho);
			List<List<byte[]>> payloads = List.of(bodies(256, FRAME, 2), bodies(256, FRAME, 3), bodies(256, FRAME, 4),
					bodies(256, FRAME, 5));
			Thread loop = loopThread.get();
			long before = allocatedBytes(loop);
			List<Future<byte[]>> echoes = new java.util.ArrayList<>();
			for (List<byte[]> payload : payloads) {
				echoes.add(this.clients.submit(() -> exchange(address, framed(payload), 1024 * 1024)));
			}
			long echoedBytes = 0;
			for (int i = 0; i < payloads.size(); i++) {
				byte[] expected = encode ? framed(payloads.get(i)) : concat(payloads.get(i));
				assertThat(echoes.get(i).get()).as("echo %d", i).isEqualTo(expected);
				echoedBytes += expected.length;
			}
			long allocated = allocatedBytes(loop) - before;
			double perByte = allocated / (double) echoedBytes;
			System.out.printf("%s, Java %d: %s %d-byte frames, loop thread allocated %,d bytes for %,d echoed"
					+ " (%.3f per byte)%n", transport(), Runtime.version().feature(),
					encode ? "decoding and re-encoding" : "decoding", FRAME, allocated, echoedBytes, perByte);
			return perByte;
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void framesSplitAcrossReadsArriveWhole() throws Exception {
		SocketServer server = decodingEcho();
		try {
			List<byte[]> payload = bodies(40, -100_000 / 2, 10);
			// Seven-byte writes: headers and bodies cut anywhere, most reads a piece of a frame.
			assertThat(exchange(server.localAddress(), framed(payload), 7)).isEqualTo(concat(payload));
			List<byte[]> large = bodies(8, 60 * 1024, 11);
			assertThat(exchange(server.localAddress(), framed(large), 1000)).isEqualTo(concat(large));
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void manyFramesPerReadArriveInOrder() throws Exception {
		SocketServer server = decodingEcho();
		try {
			List<byte[]> payload = bodies(50_000, -40, 20); // empty frames among them
			assertThat(exchange(server.localAddress(), framed(payload), 1024 * 1024)).isEqualTo(concat(payload));
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aSubscriberAskingForOneFrameAtATimeGetsEveryFrameInOrder() throws Exception {
		SocketServer server = SocketServer.builder().transport(transport()).name("one").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> connection.send(CODEC.decode(connection.receive()).limitRate(1)))
			.start();
		try {
			List<byte[]> payload = bodies(20_000, -300, 30);
			assertThat(exchange(server.localAddress(), framed(payload), 1024 * 1024)).isEqualTo(concat(payload));
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void readsOfThousandsOfTinyFramesArriveWholeAndInOrderAtAnyPace() throws Exception {
		// Over 4,096 frames a read: the queue packs those past the first 4,096 (FrameQueue).
		List<byte[]> payload = bodies(100_000, -8, 33);
		byte[] wire = framed(payload);
		SocketServer server = decodingEcho();
		try {
			assertThat(exchange(server.localAddress(), wire, 1024 * 1024)).isEqualTo(concat(payload));
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
		SocketServer slow = SocketServer.builder().transport(transport()).name("slow").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> connection.send(CODEC.decode(connection.receive()).limitRate(1)))
			.start();
		try {
			assertThat(exchange(slow.localAddress(), wire, 1024 * 1024)).isEqualTo(concat(payload));
		}
		finally {
			assertThat(slow.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void framesThatCameWithAProxyHeaderAreDecodedFirst() throws Exception {
		SocketServer server = SocketServer.builder().transport(transport()).name("proxied").address("127.0.0.1")
			.port(0).loops(1).proxyProtocol(ProxyProtocol.REQUIRED)
			.handler((connection) -> connection.send(CODEC.decode(connection.receive())))
			.start();
		try {
			List<byte[]> payload = bodies(300, -500, 35);
			ByteArrayOutputStream wire = new ByteArrayOutputStream();
			wire.writeBytes("PROXY TCP4 192.0.2.1 192.0.2.2 5000 6000\r\n".getBytes(StandardCharsets.US_ASCII));
			wire.writeBytes(framed(payload));
			// One write: the frames after the header arrive in the same read as the header.
			assertThat(exchange(server.localAddress(), wire.toByteArray(), 1024 * 1024)).isEqualTo(concat(payload));
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aBadFrameAfterGoodOnesAnswersTheGoodOnesThenClosesAsABadFrame() throws Exception {
		SocketServer server = decodingEcho();
		try {
			List<byte[]> good = bodies(100, -200, 40);
			ByteArrayOutputStream wire = new ByteArrayOutputStream();
			wire.writeBytes(framed(good));
			wire.writeBytes(ByteBuffer.allocate(4).putInt(64 * 1024 + 1).array()); // over the maximum
			wire.writeBytes(new byte[1000]);
			try (Socket socket = Clients.connect(server.localAddress())) {
				socket.getOutputStream().write(wire.toByteArray());
				InputStream in = socket.getInputStream();
				byte[] expected = concat(good);
				byte[] received = in.readNBytes(expected.length);
				assertThat(received).isEqualTo(expected);
				assertThat(Clients.drainUntilClosed(socket)).isIn(Clients.Ending.EOF, Clients.Ending.RESET);
			}
			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsClosed(CloseReason.BAD_FRAME) == 1,
					"closed as a bad frame");
			assertThat(server.stats().framesRejected()).isEqualTo(1);
			assertThat(server.stats().handlerErrors()).isZero();
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aHandlerThatTakesSomeFramesAndCancelsStillClosesCleanly() throws Exception {
		CopyOnWriteArrayList<Integer> sizes = new CopyOnWriteArrayList<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("take").address("127.0.0.1").port(0)
			.loops(1).handler((connection) -> CODEC.decode(connection.receive()).take(3)
				.doOnNext((frame) -> sizes.add(frame.remaining())).then())
			.start();
		try (Socket socket = Clients.connect(server.localAddress())) {
			socket.getOutputStream().write(framed(bodies(1000, 100, 50)));
			assertThat(Clients.drainUntilClosed(socket)).isIn(Clients.Ending.EOF, Clients.Ending.RESET);
			assertThat(sizes).containsExactly(100, 100, 100);
			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 0, "closed");
			assertThat(server.stats().handlerErrors()).isZero();
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

}
