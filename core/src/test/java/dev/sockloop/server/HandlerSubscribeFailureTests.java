package dev.sockloop.server;

import java.io.File;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler whose publisher throws from {@code subscribe} (no Reactor operator in between to turn
 * it into an error signal): each such connection must still be closed and give back its fd and its
 * slot under the connection limit.
 */
abstract class HandlerSubscribeFailureTests {

	private static final int MAX_CONNECTIONS = 4;

	private static final int ATTEMPTS = 5 * MAX_CONNECTIONS;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static int openFds() {
		String[] fds = new File("/proc/self/fd").list();
		return (fds != null) ? fds.length : -1;
	}

	@Test
	void aPublisherThatThrowsOnSubscribeCostsNoFdAndNoConnectionSlot() throws Exception {
		AtomicBoolean broken = new AtomicBoolean();
		Publisher<Void> throwing = (subscriber) -> {
			throw new IllegalStateException("subscribe failed");
		};
		SocketServer server = SocketServer.builder().transport(transport()).name("throwing-subscribe")
			.address("127.0.0.1").loops(1).maxConnections(MAX_CONNECTIONS)
			.handler((connection) -> broken.get() ? throwing : connection.send(connection.receive()))
			.start();
		try {
			byte[] payload = { 1, 2, 3 };
			assertThat(Clients.exchange(server.localAddress(), payload)).as("warm-up").isEqualTo(payload);
			int fdsBefore = openFds();
			broken.set(true);
			List<Socket> clients = new ArrayList<>();
			for (int i = 0; i < ATTEMPTS; i++) {
				clients.add(Clients.connect(server.localAddress()));
			}
			Await.until(Duration.ofSeconds(5),
					() -> server.stats().connectionsOpened() + server.stats().connectionsClosed(CloseReason.REJECTED)
							== ATTEMPTS + 1,
					"every connection accepted or rejected");
			int leftOpen = 0;
			for (Socket client : clients) {
				client.setSoTimeout(1000);
				try {
					assertThat(Clients.drainUntilClosed(client)).isIn(Ending.EOF, Ending.RESET);
				}
				catch (SocketTimeoutException ex) {
					leftOpen++;
				}
				client.close();
			}
			assertThat(leftOpen).as("connections the server never closed").isZero();
			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 0,
					"no active connections (now " + server.stats().connectionsActive() + ")");
			// At most the count before: a leak shows as more; an fd the JVM itself held at the start
			// (a jar, a selector of an earlier test) may since have been closed.
			Await.until(Duration.ofSeconds(5), () -> openFds() <= fdsBefore,
					"open fds back to " + fdsBefore + " (now " + openFds() + ")");
			broken.set(false);
			assertThat(Clients.exchange(server.localAddress(), payload)).as("a later well-behaved connection")
				.isEqualTo(payload);
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

}
