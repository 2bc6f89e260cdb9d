package dev.sockloop.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.epoll.Epoll;
import dev.sockloop.internal.transport.epoll.EpollConnection;
import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.EventLoopGroup;

import static org.assertj.core.api.Assertions.assertThat;

class StaleFdTests {

	/**
	 * Each connection, once it has read its client's 8-byte id, echoes it and closes another connection of
	 * the same loop that has not answered yet; that one's event may still be waiting in the same epoll
	 * batch while accepts in that batch reuse its fd. Nobody may ever see another client's id, and every
	 * client that got no answer must have been closed on purpose.
	 */
	@Test
	void fdsClosedAndReusedWithinABatchNeverCrossConnections() throws Exception {
		Map<Thread, Map<Long, Connection>> pendingByLoop = new ConcurrentHashMap<>();
		Map<Integer, Long> kickedFdIteration = new ConcurrentHashMap<>();
		AtomicInteger kicked = new AtomicInteger();
		AtomicInteger reusedInSameIteration = new AtomicInteger();
		EventLoopGroup group = new EventLoopGroup(1, "stale-");
		EventLoop loop = group.loop(0);
		SocketServer server = SocketServer.builder().address("127.0.0.1").loopGroup(group).backlog(4096)
			.handler((connection) -> {
			long iteration = loop.stats().iterations();
			Long kickedIn = kickedFdIteration.remove(fd(connection));
			if (kickedIn != null && kickedIn == iteration) {
				reusedInSameIteration.incrementAndGet();
			}
			// Only ever touched on this loop's thread.
			Map<Long, Connection> pending = pendingByLoop.computeIfAbsent(Thread.currentThread(),
					(thread) -> new LinkedHashMap<>());
			pending.put(connection.id(), connection);
			ByteArrayOutputStream id = new ByteArrayOutputStream();
			Mono<ByteBuffer> reply = connection.receive().doOnNext((buffer) -> {
				byte[] bytes = new byte[buffer.remaining()];
				buffer.get(bytes);
				id.writeBytes(bytes);
			}).takeUntil((buffer) -> id.size() >= 8).then(Mono.defer(() -> {
				if (pending.remove(connection.id()) == null || !connection.isOpen()) {
					return Mono.empty();
				}
				Iterator<Connection> others = pending.values().iterator();
				if (others.hasNext()) {
					Connection victim = others.next();
					others.remove();
					kicked.incrementAndGet();
					kickedFdIteration.put(fd(victim), loop.stats().iterations());
					victim.close();
				}
				return Mono.just(ByteBuffer.wrap(id.toByteArray()));
			}));
			return connection.send(reply);
		}).start();
		try {
			int clients = 4000;
			List<byte[]> ids = new ArrayList<>(clients);
			for (int i = 0; i < clients; i++) {
				ids.add(ByteBuffer.allocate(8).putLong(0x5EED_0000_0000L + i).array());
			}
			List<NioClients.Result> results = NioClients.run(server.localAddress(), ids, false, 500,
					Duration.ofSeconds(40));
			int answered = 0;
			int unanswered = 0;
			for (NioClients.Result result : results) {
				assertThat(result.failure()).as("client %d failure", result.index()).isNull();
				if (result.received().length == 0) {
					unanswered++;
					assertThat(result.ending()).isIn(Ending.EOF, Ending.RESET);
				}
				else {
					assertThat(result.received()).as("bytes client %d received", result.index())
						.isEqualTo(ids.get(result.index()));
					assertThat(result.ending()).isEqualTo(Ending.EOF);
					answered++;
				}
			}
			System.out.printf("Stale-fd run: %d answered, %d closed on purpose, %d fds reused in the iteration"
					+ " that closed them%n", answered, unanswered, reusedInSameIteration.get());
			assertThat(unanswered).as("clients without an answer").isEqualTo(kicked.get());
			assertThat(answered + unanswered).isEqualTo(clients);
			Await.until(Duration.ofSeconds(10), () -> server.stats().connectionsActive() == 0, "all closed");
			assertThat(server.stats().handlerErrors()).isZero();
		}
		finally {
			server.stop(Duration.ofSeconds(5));
			group.close();
		}
	}

	/**
	 * Arranges one epoll batch, in this order: a byte on connection K, whose handler closes connection A;
	 * a pending connect B, which the accept in the same batch gives A's fd number; and A's reset. The
	 * reset was read from the kernel for A's fd before B existed, so only the generation stored beside
	 * the fd tells that it is not B's: delivered to B it would close B as reset.
	 */
	@Test
	void aResetOfAClosedConnectionDoesNotCloseTheConnectionThatReusedItsFdInTheSameBatch() throws Exception {
		List<Connection> accepted = new CopyOnWriteArrayList<>();
		AtomicReference<Connection> victim = new AtomicReference<>();
		EventLoopGroup group = new EventLoopGroup(1, "stale-batch-");
		EventLoop loop = group.loop(0);
		SocketServer server = SocketServer.builder().address("127.0.0.1").port(0).loopGroup(group)
			.handler((connection) -> {
				accepted.add(connection);
				// Echoes; a 'k' (only K sends one) closes the victim, A, first.
				return connection.send(connection.receive().doOnNext((buffer) -> {
					if (buffer.get(buffer.position()) == 'k') {
						victim.get().close();
					}
				}));
			})
			.start();
		try {
			// An fd freed elsewhere in the JVM at the wrong moment (a cleaner closing a socket) takes
			// the number from B; the arrangement is then tried again. B must survive every attempt.
			boolean reusedInOneBatch = false;
			for (int attempt = 1; attempt <= 5 && !reusedInOneBatch; attempt++) {
				SameBatch result = arrangeSameBatch(server, loop, accepted, victim);
				System.out.printf("Same-batch fd reuse, attempt %d: A on fd %d, B on fd %d, %d stale event(s)"
						+ " skipped, B echo: %s, closed as reset: %d%n", attempt, result.fdOfA(), result.fdOfB(),
						result.skipped(), result.bEcho(), result.resets());
				assertThat(result.bEcho()).as("B's echo").isEqualTo("echoed");
				assertThat(result.resets()).as("connections closed as reset").isZero();
				if (result.fdOfB() == result.fdOfA()) {
					assertThat(result.skipped()).as("A's reset skipped as stale in the batch that reused its fd")
						.isEqualTo(1);
					reusedInOneBatch = true;
				}
			}
			assertThat(reusedInOneBatch).as("B took A's fd in the batch that closed A").isTrue();
		}
		finally {
			server.stop(Duration.ofSeconds(5));
			group.close();
		}
	}

	private SameBatch arrangeSameBatch(SocketServer server, EventLoop loop, List<Connection> accepted,
			AtomicReference<Connection> victim) throws Exception {
		int first = accepted.size();
		List<Integer> holes = new ArrayList<>();
		CountDownLatch release = new CountDownLatch(1);
		try (Socket a = Clients.connect(server.localAddress()); Socket k = Clients.connect(server.localAddress());
				Socket b = new Socket()) {
			Await.until(Duration.ofSeconds(5), () -> accepted.size() == first + 2, "A and K accepted");
			victim.set(accepted.get(first));
			int fdOfA = fd(accepted.get(first));
			// Hold the loop so that what follows becomes ready while it does not poll: one batch.
			CountDownLatch held = new CountDownLatch(1);
			loop.execute(() -> {
				held.countDown();
				awaitQuietly(release);
			});
			assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
			k.getOutputStream().write('k');
			b.connect(server.localAddress(), 5000);
			a.setSoLinger(true, 0);
			a.close();
			// Take every free fd number below A's, so that the accept of B gets exactly A's.
			int fd;
			while ((fd = Epoll.createEventFd()) < fdOfA) {
				holes.add(fd);
			}
			Sockets.close(fd);
			long skippedBefore = loop.reusedFdEventsSkipped();
			long resetsBefore = server.stats().connectionsClosed(CloseReason.RESET);
			release.countDown();
			Await.until(Duration.ofSeconds(5), () -> accepted.size() == first + 3, "B accepted");
			String bEcho = echo(b);
			// Read before K closes: the unread echo of its 'k' makes that close a reset.
			long resets = server.stats().connectionsClosed(CloseReason.RESET) - resetsBefore;
			return new SameBatch(fdOfA, fd(accepted.get(first + 2)), loop.reusedFdEventsSkipped() - skippedBefore,
					bEcho, resets);
		}
		finally {
			release.countDown();
			holes.forEach(Sockets::close);
		}
	}

	private record SameBatch(int fdOfA, int fdOfB, long skipped, String bEcho, long resets) {
	}

	/** @return "echoed", or what went wrong */
	private static String echo(Socket socket) {
		try {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(new byte[] { 1, 2, 3 });
			byte[] echoed = new byte[3];
			new DataInputStream(socket.getInputStream()).readFully(echoed);
			return Arrays.equals(echoed, new byte[] { 1, 2, 3 }) ? "echoed" : Arrays.toString(echoed);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int fd(Connection connection) {
		return ((EpollConnection) connection).fd();
	}

}
