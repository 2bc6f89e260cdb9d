package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.time.Duration;

import dev.sockloop.internal.server.ServerConfig;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.CloseReason;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection limits and timeouts set through properties, through real sockets.
 */
class SocketServerLimitsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=5s");

	@Test
	void limitsAndTimeoutsShouldReachTheEngineFromDefaultsAndServerBlocks() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.defaults.max-connections=7", "sockloop.defaults.idle-timeout=1m",
					"sockloop.defaults.read-timeout=20s", "sockloop.servers.echo.read-timeout=30s",
					"sockloop.servers.echo.write-timeout=40s")
			.run((context) -> {
				ServerConfig config = server(context, "echo").config();
				assertThat(config.maxConnections()).isEqualTo(7);
				assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(40));
			});
	}

	@Test
	void runWithoutMaxConnectionsShouldDeriveItFromTheOpenFilesLimit() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.run((context) -> assertThat(server(context, "echo").config().maxConnections())
				.isEqualTo(ServerConfig.defaultMaxConnections())
				.isPositive());
	}

	@Test
	void runWithMaxConnectionsZeroShouldSetNoLimit() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.defaults.max-connections=100", "sockloop.servers.echo.max-connections=0")
			.run((context) -> assertThat(server(context, "echo").config().maxConnections()).isZero());
	}

	@Test
	void connectionBeyondMaxConnectionsShouldBeClosedAtOnceAndOthersKeepWorking() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.servers.echo.max-connections=2")
			.run((context) -> {
				SocketServer server = server(context, "echo");
				try (TestClient first = TestClient.connect(server.port());
						TestClient second = TestClient.connect(server.port())) {
					// An answer proves each one was accepted and counted before the third arrives.
					assertThat(first.write("1").readText(1)).isEqualTo("1");
					assertThat(second.write("2").readText(1)).isEqualTo("2");
					try (TestClient third = TestClient.connect(server.port())) {
						assertThat(third.isClosedByServer()).isTrue();
					}
					assertThat(first.write("one").readText(3)).isEqualTo("one");
					assertThat(second.write("two").readText(3)).isEqualTo("two");
					await().atMost(Duration.ofSeconds(5))
						.until(() -> server.stats().connectionsClosed(CloseReason.REJECTED) == 1);
					assertThat(server.stats().connectionsActive()).isEqualTo(2);
				}
			});
	}

	@Test
	void idleTimeoutShouldCloseSilentConnection() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.servers.echo.idle-timeout=300ms")
			.run((context) -> {
				SocketServer server = server(context, "echo");
				try (TestClient silent = TestClient.connect(server.port())) {
					assertThat(silent.isClosedByServer()).isTrue();
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
				assertThat(server.stats().handlerErrors()).isZero();
			});
	}

	@Test
	void readTimeoutShouldCloseConnectionThatSendsNothing() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.servers.echo.read-timeout=300ms")
			.run((context) -> {
				SocketServer server = server(context, "echo");
				try (TestClient client = TestClient.connect(server.port())) {
					assertThat(client.write("hi").readText(2)).isEqualTo("hi");
					assertThat(client.isClosedByServer()).isTrue();
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
			});
	}

	@Test
	void writeTimeoutShouldCloseConnectionWhosePeerDoesNotRead() {
		this.contextRunner.withUserConfiguration(FirehoseHandler.class)
			.withPropertyValues("sockloop.servers.firehose.write-timeout=300ms")
			.run((context) -> {
				SocketServer server = server(context, "firehose");
				try (TestClient notReading = TestClient.connect(server.port(), 4096)) {
					await().atMost(Duration.ofSeconds(10))
						.until(() -> server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
				}
				assertThat(server.stats().handlerErrors()).isZero();
			});
	}

	private static SocketServer server(ApplicationContext context, String name) {
		return context.getBean(SocketServers.class).get(name);
	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	@SocketHandler(name = "firehose")
	static class FirehoseHandler {

		Flux<byte[]> flood() {
			return Flux.generate((sink) -> sink.next(new byte[16 * 1024]));
		}

	}

}
