package dev.sockloop.autoconfigure.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the {@code sockloop} health says while the context closes (SIGTERM): the server is
 * draining, with the connections it waits for, until the shutdown timeout closes them.
 */
class SocketServersShutdownHealthTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class,
				SockloopHealthContributorAutoConfiguration.class))
		.withUserConfiguration(LingeringHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.servers.linger.address=127.0.0.1",
				"sockloop.servers.linger.port=0", "sockloop.servers.linger.shutdown-timeout=1s");

	@Test
	void whileTheContextClosesHealthSaysDrainingWithTheOpenConnectionUntilTheTimeoutClosesIt() {
		this.contextRunner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.linger.port", Integer.class);
			SockloopHealthIndicator indicator = context.getBean(SockloopHealthIndicator.class);
			try (Socket open = new Socket()) {
				open.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				open.setSoTimeout(10_000);
				await().atMost(Duration.ofSeconds(10)).until(() -> connections(indicator.health()).equals(1));
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(server(indicator.health())).containsEntry("state", "draining")
						.containsEntry("connections", 1));
				assertThat(indicator.health().getStatus()).as("a stopping server").isEqualTo(Status.DOWN);
				assertThat(open.getInputStream().read()).as("closed at the shutdown timeout").isEqualTo(-1);
				closing.get(10, TimeUnit.SECONDS);
			}
		});
	}

	private static Object connections(Health health) {
		return server(health).get("connections");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> server(Health health) {
		Map<String, Object> servers = (Map<String, Object>) health.getDetails().get("servers");
		Map<String, Object> server = (Map<String, Object>) servers.get("linger");
		return (server != null) ? server : Map.of();
	}

	/** Keeps its connection open after its input ends, as a handler with work in flight would. */
	@SocketHandler(name = "linger")
	static class LingeringHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound.thenMany(Flux.never());
		}

	}

}
