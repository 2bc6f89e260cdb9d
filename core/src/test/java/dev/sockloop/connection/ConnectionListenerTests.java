package dev.sockloop.connection;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's connection listeners are told of each opening and closing, on the connection's loop,
 * and one that throws costs the connection nothing.
 */
abstract class ConnectionListenerTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void listenersAreToldOfEachOpeningAndClosingWithItsReasonOnTheLoop() throws Exception {
		List<String> told = new CopyOnWriteArrayList<>();
		this.server = SocketServer.builder().transport(transport()).name("listened").address("127.0.0.1").loops(1)
			.listener((connection) -> {
				told.add("opened " + connection.id() + " of " + connection.serverName() + " on loop "
						+ this.server.loopGroup().loop(0).inLoop());
				return (reason) -> told.add("closed " + connection.id() + " " + reason.tagValue());
			})
			.listener((connection) -> {
				throw new IllegalStateException("a faulty listener");
			})
			.handler((connection) -> connection.send(connection.receive()))
			.start();
		byte[] echoed = Clients.exchange(new InetSocketAddress("127.0.0.1", this.server.port()), new byte[] { 1, 2 });
		assertThat(echoed).containsExactly(1, 2);
		Await.until(Duration.ofSeconds(5), () -> told.size() == 2, "the listener was told of the close");
		String id = told.get(0).split(" ")[1];
		System.out.println(transport() + ": listener told " + told);
		assertThat(told).containsExactly("opened " + id + " of listened on loop true", "closed " + id + " peer-closed");
	}

}
