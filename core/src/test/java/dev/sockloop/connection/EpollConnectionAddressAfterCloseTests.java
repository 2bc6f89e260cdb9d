package dev.sockloop.connection;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

class EpollConnectionAddressAfterCloseTests extends ConnectionAddressAfterCloseTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

	@Test
	void connectionsOfAWildcardListenerShareOneLocalAddressObject() throws Exception {
		List<Connection> accepted = new CopyOnWriteArrayList<>();
		SocketServer server = SocketServer.builder().transport(transport()).address("0.0.0.0").loops(1)
			.handler((connection) -> {
				accepted.add(connection);
				return Mono.never();
			})
			.start();
		try (Socket first = Clients.connect(new InetSocketAddress("127.0.0.1", server.port()));
				Socket second = Clients.connect(new InetSocketAddress("127.0.0.1", server.port()))) {
			Await.until(Duration.ofSeconds(5), () -> accepted.size() == 2, "both connections accepted");
			// One copy per idle connection would cost about 100 bytes each: equal addresses are shared.
			assertThat(accepted.get(1).localAddress()).isEqualTo(accepted.get(0).localAddress())
				.isSameAs(accepted.get(0).localAddress());
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

}
