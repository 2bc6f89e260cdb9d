package dev.sockloop.hardening;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.connection.Connection;
import dev.sockloop.group.ConnectionGroup;
import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Membership of groups and of a server's live view of its connections: what closes leaves, and
 * nothing stays behind, whatever the churn.
 */
abstract class ConnectionGroupMembershipTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private final ConnectionGroup group = ConnectionGroup.builder().name("members").build();

	private SocketServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	private InetSocketAddress startServer() {
		this.server = SocketServer.builder().transport(transport()).name("members").address("127.0.0.1").loops(2)
			.handler((connection) -> {
				this.group.add(connection);
				return connection.receive().then();
			})
			.start();
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

	@Test
	void membersLeaveTheGroupAndTheServersViewWhenTheyClose() throws Exception {
		InetSocketAddress address = startServer();
		for (int batch = 0; batch < 6; batch++) {
			List<Socket> clients = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				clients.add(Clients.connect(address));
			}
			int expected = 50;
			Await.until(Duration.ofSeconds(5), () -> this.group.size() == expected
					&& this.server.connections().size() == expected, "50 clients joined");
			for (Socket client : clients) {
				client.close();
			}
			Await.until(Duration.ofSeconds(5), () -> this.group.size() == 0 && this.server.connections().isEmpty(),
					"every closed client left");
		}
		System.out.printf("%s: after 300 connections opened and closed, group size %d, server view %d%n", transport(),
				this.group.size(), this.server.connections().size());
		assertThat(this.group.members()).isEmpty();
		assertThat(this.server.stats().connectionsActive()).isZero();
	}

	@Test
	void aConnectionJoiningAndLeavingAgainAndAgainLeavesNothingBehind() throws Exception {
		InetSocketAddress address = startServer();
		try (Socket client = Clients.connect(address)) {
			Await.until(Duration.ofSeconds(5), () -> this.group.size() == 1, "the client joined");
			Connection connection = this.server.connections().iterator().next();
			assertThat(this.group.remove(connection)).isTrue();
			long heapBefore = RetainedHeap.bytes();
			for (int i = 0; i < 100_000; i++) {
				this.group.add(connection);
				this.group.remove(connection);
			}
			long growth = RetainedHeap.bytes() - heapBefore;
			System.out.printf("%s: 100000 joins and leaves of one open connection; heap grew %d bytes%n", transport(),
					growth);
			assertThat(growth).as("heap growth after GC").isLessThan(256 * 1024);
			assertThat(this.group.size()).isZero();
		}
	}

	@Test
	void aConnectionIsClosedByIdFromOutsideItsHandler() throws Exception {
		InetSocketAddress address = startServer();
		try (Socket client = Clients.connect(address)) {
			Await.until(Duration.ofSeconds(5), () -> this.server.connections().size() == 1, "the client connected");
			long id = this.server.connections().iterator().next().id();
			assertThat(this.group.find(id)).isPresent();
			long start = System.nanoTime();
			this.server.connection(id).ifPresent(Connection::close);
			InputStream in = client.getInputStream();
			assertThat(in.read()).as("the client sees the end of the stream").isEqualTo(-1);
			System.out.printf("%s: connection %d closed by id; the client saw the end after %d us%n", transport(), id,
					(System.nanoTime() - start) / 1000);
			Await.until(Duration.ofSeconds(5), () -> this.server.connection(id).isEmpty() && this.group.find(id).isEmpty(),
					"the closed connection left the server's view and the group");
			assertThat(this.server.stats().connectionsClosed(CloseReason.COMPLETED)).isEqualTo(1);
		}
	}

}
