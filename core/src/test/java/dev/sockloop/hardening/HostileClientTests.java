package dev.sockloop.hardening;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misbehaving clients cost bounded memory and do not take service away from well-behaved ones.
 */
abstract class HostileClientTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	private final List<SocketChannel> hostile = new ArrayList<>();

	@BeforeEach
	void start() {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1)
				.idleTimeout(Duration.ofSeconds(30))
				.handler((connection) -> connection.send(connection.receive())).start();
	}

	@AfterEach
	void stop() throws IOException {
		for (SocketChannel channel : this.hostile) {
			channel.close();
		}
		this.server.stop(Duration.ofSeconds(5));
	}

	@Test
	void silentSlowAndResettingClientsDoNotStarveAWellBehavedOne() throws Exception {
		// 300 clients connect and never send; 20 trickle one byte per round.
		for (int i = 0; i < 300; i++) {
			this.hostile.add(SocketChannel.open(address()));
		}
		List<SocketChannel> tricklers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			SocketChannel trickler = SocketChannel.open(address());
			tricklers.add(trickler);
			this.hostile.add(trickler);
		}
		ExecutorService flood = Executors.newSingleThreadExecutor();
		Future<Integer> resets = flood.submit(this::connectAndResetFlood);
		try (Socket good = new Socket()) {
			good.connect(address(), 5000);
			good.setSoTimeout(5000);
			DataInputStream in = new DataInputStream(good.getInputStream());
			byte[] message = new byte[64];
			long worstNanos = 0;
			for (int round = 0; round < 200; round++) {
				for (SocketChannel trickler : tricklers) {
					trickler.write(ByteBuffer.wrap(new byte[] { (byte) round }));
				}
				long start = System.nanoTime();
				good.getOutputStream().write(message);
				in.readFully(new byte[64]);
				worstNanos = Math.max(worstNanos, System.nanoTime() - start);
			}
			// A generous bound that only a starved client misses: it catches a loop stuck on the
			// hostile clients, not a slow machine.
			assertThat(Duration.ofNanos(worstNanos)).as("worst round trip of the well-behaved client")
					.isLessThan(Duration.ofSeconds(2));
		}
		int reset = resets.get(30, TimeUnit.SECONDS);
		flood.shutdown();
		Await.until(Duration.ofSeconds(10), () -> this.server.stats().connectionsActive() == 320,
				"only the silent and trickling clients remain open");
		// A connection reset while still in the accept queue may never reach the server, so the
		// client's count bounds the server's from above; every flood connection the server did
		// accept (all but the 320 others and the well-behaved one) must have closed as reset or FIN.
		long floodAccepted = this.server.stats().connectionsOpened() - 321;
		assertThat(floodAccepted).as("flood connections accepted").isPositive().isLessThanOrEqualTo(reset);
		assertThat(this.server.stats().connectionsClosed(CloseReason.RESET)
				+ this.server.stats().connectionsClosed(CloseReason.PEER_CLOSED)).as("flood connections closed")
				.isGreaterThanOrEqualTo(floodAccepted);
		// Nothing is buffered for the silent clients, and the tricklers' bytes were echoed, not kept.
		Await.until(Duration.ofSeconds(5),
				() -> this.server.stats().bytesReceived() == this.server.stats().bytesSent(),
				"every byte received has been echoed");
	}

	/** Connects and resets 1,000 times: SO_LINGER 0 makes close send RST. */
	private int connectAndResetFlood() throws IOException {
		int count = 0;
		for (int i = 0; i < 1000; i++) {
			try (Socket socket = new Socket()) {
				socket.setSoLinger(true, 0);
				socket.connect(address(), 5000);
				count++;
			}
		}
		return count;
	}

	private InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

}
