package dev.sockloop.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.EpollSocketConnection;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.EventLoopGroup;
import dev.sockloop.server.Clients.Ending;

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

	private static int fd(Connection connection) {
		return ((EpollSocketConnection) connection).fd();
	}

}
