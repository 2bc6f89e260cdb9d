package dev.sockloop.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.sockloop.loop.LoopBuffers;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an offloaded handler that is busy (blocked) lets pile up in front of it while its clients
 * keep sending: a couple of frames, not a prefetch of 16 reads of up to 64 KiB each. Beyond them the
 * loop stops reading and TCP pushes back on the client.
 */
class SocketHandlerOffloadMemoryTests {

	/**
	 * What a busy offloaded handler may hold per connection, with raw reads as frames: the frame it
	 * works on and one waiting, plus as much again for a framing codec's partial frame and slack.
	 */
	private static final long BOUND_PER_CLIENT = 4L * LoopBuffers.READ_SIZE;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(BlockingHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s", "sockloop.servers.busy.codec=raw",
				"sockloop.servers.busy.offload=bounded-elastic");

	@Test
	void aBusyOffloadedHandlerLetsOnlyAFewReadsWaitForIt() {
		this.contextRunner.run((context) -> {
			BlockingHandler handler = context.getBean(BlockingHandler.class);
			SocketServer server = context.getBean(SocketServers.class).get("busy");
			int clientCount = 4;
			List<SocketChannel> clients = new ArrayList<>();
			try {
				for (int i = 0; i < clientCount; i++) {
					SocketChannel client = SocketChannel.open();
					// A small send buffer keeps the kernel's share (not what is measured) small.
					client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
					client.connect(new InetSocketAddress("127.0.0.1", server.port()));
					client.configureBlocking(false);
					clients.add(client);
				}
				long held = sendUntilTheServerStopsReading(clients, server) / clientCount;
				System.out.printf("Offloaded handler blocked: %d bytes read per client, %d handler threads blocked"
						+ " (bound %d)%n", held, clientCount - handler.blocked.getCount(), BOUND_PER_CLIENT);
				assertThat(handler.blocked.getCount()).as("every handler is blocked").isZero();
				assertThat(held).as("bytes read for a blocked offloaded handler, per client")
					.isLessThanOrEqualTo(BOUND_PER_CLIENT);
			}
			finally {
				handler.release.countDown();
				for (SocketChannel client : clients) {
					client.close();
				}
			}
		});
	}

	/**
	 * Writes to every client until its socket would block, round after round, until the server has
	 * read nothing new for a while.
	 * @return the bytes the server has read
	 */
	private static long sendUntilTheServerStopsReading(List<SocketChannel> clients, SocketServer server) {
		ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
		long[] lastReceived = { -1 };
		long[] stableSince = { System.nanoTime() };
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			for (SocketChannel client : clients) {
				try {
					do {
						chunk.clear();
					}
					while (client.write(chunk) > 0);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
			long received = server.stats().bytesReceived();
			long now = System.nanoTime();
			if (received != lastReceived[0]) {
				lastReceived[0] = received;
				stableSince[0] = now;
				return false;
			}
			return now - stableSince[0] > Duration.ofMillis(500).toNanos();
		});
		return lastReceived[0];
	}

	static class BlockingHandler {

		/** Counts down as each connection's handler blocks on its first read. */
		final CountDownLatch blocked = new CountDownLatch(4);

		final CountDownLatch release = new CountDownLatch(1);

		@SocketHandler(name = "busy")
		Flux<byte[]> handle(Flux<byte[]> reads) {
			return reads.map((bytes) -> {
				this.blocked.countDown();
				try {
					// Blocking code in the handler under test; bounded so a failing test cannot hang.
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return new byte[0];
			});
		}

	}

}
