package dev.sockloop.autoconfigure.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SockloopHealthContributorAutoConfiguration} and {@link SockloopHealthIndicator}.
 */
class SockloopHealthContributorAutoConfigurationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class,
				SockloopHealthContributorAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "sockloop.defaults.address=127.0.0.1",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void runShouldContributeSockloopHealthIndicator() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(HealthIndicator.class)
			.hasBean("sockloopHealthIndicator"));
	}

	@Test
	void runWhenIndicatorDisabledShouldNotContributeIt() {
		this.contextRunner.withPropertyValues("management.health.sockloop.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SockloopHealthIndicator.class));
	}

	@Test
	void healthShouldBeUpWhileLoopsAndServersRun() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			Health health = context.getBean(SockloopHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("loops", 2).doesNotContainKeys("deadLoops", "stuckLoops");
			assertThat(serverDetail(health, "echo")).containsEntry("status", "running").containsEntry("connections", 0);
		});
	}

	@Test
	void healthShouldBeDownWhenAServerStopsBehindTheContextsBack() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			context.getBean(SocketServers.class).get("echo").stop(Duration.ofSeconds(1));
			Health health = context.getBean(SockloopHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(serverDetail(health, "echo")).containsEntry("status", "not running");
		});
	}

	@Test
	void healthShouldBeDownWithTheDeadLoopsWhenTheLoopGroupIsClosed() {
		this.contextRunner.run((context) -> {
			context.getBean(EventLoopGroup.class).close(Duration.ofSeconds(5));
			Health health = context.getBean(SockloopHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("loopGroup", "closed");
			assertThat(health.getDetails().get("deadLoops")).asInstanceOf(
					org.assertj.core.api.InstanceOfAssertFactories.map(String.class, String.class))
				.containsOnlyKeys("sockloop-loop-0", "sockloop-loop-1")
				.containsValue("stopped");
		});
	}

	@Test
	void healthShouldBeDownWhileALoopIsStuckAndUpOnceItMovesOn() {
		this.contextRunner.withUserConfiguration(BlockingHandler.class)
			.withPropertyValues("sockloop.health.stuck-threshold=300ms", "sockloop.blocked-loop-threshold=0")
			.run((context) -> {
				SockloopHealthIndicator indicator = context.getBean(SockloopHealthIndicator.class);
				int port = context.getEnvironment().getRequiredProperty("local.sockloop.blocking.port", Integer.class);
				BlockingHandler.arm();
				try (Socket socket = connect(port)) {
					await().atMost(DEADLINE).untilAsserted(() -> {
						Health health = indicator.health();
						assertThat(health.getStatus()).isEqualTo(Status.DOWN);
						assertThat(health.getDetails()).containsKey("stuckLoops");
						assertThat(health.getDetails().get("stuckLoops").toString()).contains("sockloop-loop-")
							.contains("threshold 300 ms");
					});
				}
				finally {
					BlockingHandler.release();
				}
				await().atMost(DEADLINE).until(() -> indicator.health().getStatus().equals(Status.UP));
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> serverDetail(Health health, String name) {
		Map<String, Object> servers = (Map<String, Object>) health.getDetails().get("servers");
		return (Map<String, Object>) servers.get(name);
	}

	static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		return socket;
	}

	@SocketHandler(name = "echo", port = "0")
	static class EchoHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
