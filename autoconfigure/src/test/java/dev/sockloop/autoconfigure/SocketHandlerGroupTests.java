package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.sockloop.connection.Connection;
import dev.sockloop.group.ConnectionGroup;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler broadcasting through a {@link ConnectionGroup} bean, and an application closing one
 * connection by id through {@link SocketServers}, as the guide shows them.
 */
class SocketHandlerGroupTests {

	@Test
	void aLineSentByOneMemberReachesEveryMemberOfTheRoom() throws Exception {
		try (ConfigurableApplicationContext context = run();
				TestClient alice = TestClient.connect(port(context));
				TestClient bob = TestClient.connect(port(context));
				TestClient carol = TestClient.connect(port(context))) {
			ConnectionGroup room = context.getBean(ConnectionGroup.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> room.size() == 3);
			alice.write("hello room\n");
			for (TestClient member : new TestClient[] { alice, bob, carol }) {
				assertThat(member.readText(11)).isEqualTo("hello room\n");
			}
		}
	}

	@Test
	void aConnectionIsClosedByIdThroughSocketServers() throws Exception {
		try (ConfigurableApplicationContext context = run(); TestClient client = TestClient.connect(port(context))) {
			SocketServer server = context.getBean(SocketServers.class).get("chat");
			await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().size() == 1);
			long id = server.connections().iterator().next().id();
			server.connection(id).ifPresent(Connection::close);
			assertThat(client.isClosedByServer()).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> server.connection(id).isEmpty()
					&& context.getBean(ConnectionGroup.class).size() == 0);
		}
	}

	private static ConfigurableApplicationContext run() {
		return new SpringApplicationBuilder(ChatApplication.class).web(WebApplicationType.NONE)
			.properties("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
					"sockloop.defaults.shutdown-timeout=5s", "sockloop.servers.chat.codec=line")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.sockloop.chat.port", Integer.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(SockloopAutoConfiguration.class)
	@Import(ChatHandler.class)
	static class ChatApplication {

		@Bean
		ConnectionGroup room() {
			return ConnectionGroup.builder().name("room").build();
		}

	}

	@SocketHandler(name = "chat")
	static class ChatHandler {

		private final ConnectionGroup room;

		ChatHandler(ConnectionGroup room) {
			this.room = room;
		}

		Mono<Void> chat(Flux<String> lines, Connection connection) {
			this.room.add(connection);
			// The group sends bytes as they are: the line codec's delimiter is added here.
			return lines.doOnNext((line) -> this.room.send(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8))))
				.then();
		}

	}

}
