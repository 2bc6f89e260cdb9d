package dev.sockloop.autoconfigure.endpoint;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint.LoopDescriptor;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint.ServerDescriptor;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint.SockloopDescriptor;
import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SockloopEndpointAutoConfiguration} and {@link SockloopEndpoint}.
 */
class SockloopEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SockloopAutoConfiguration.class, SockloopEndpointAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "sockloop.defaults.address=127.0.0.1",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void runWhenNotExposedShouldNotCreateEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SockloopEndpoint.class));
	}

	@Test
	void runWhenExposedShouldCreateEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=sockloop")
			.run((context) -> assertThat(context).hasSingleBean(SockloopEndpoint.class));
	}

	@Test
	void endpointShouldDescribeServersAndLoops() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=sockloop",
				"sockloop.servers.framed.codec=fixed-length", "sockloop.servers.framed.frame-length=4")
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				SockloopEndpoint endpoint = context.getBean(SockloopEndpoint.class);
				int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> server(endpoint.sockloop(), "echo").connectionsActive() == 1);
				}
				SockloopDescriptor descriptor = endpoint.sockloop();
				assertThat(descriptor.servers()).extracting(ServerDescriptor::name)
					.containsExactlyInAnyOrder("echo", "lines", "framed");
				ServerDescriptor echo = server(descriptor, "echo");
				assertThat(echo.address()).isEqualTo("127.0.0.1");
				assertThat(echo.port()).isEqualTo(port);
				assertThat(echo.codec()).isEqualTo("raw");
				assertThat(echo.running()).isTrue();
				assertThat(echo.connectionsOpened()).isEqualTo(1);
				assertThat(server(descriptor, "lines").codec()).isEqualTo("line");
				assertThat(server(descriptor, "framed").codec()).isEqualTo("fixed-length");
				assertThat(descriptor.loops()).extracting(LoopDescriptor::index).containsExactly(0, 1);
				LoopDescriptor loop = descriptor.loops().get(0);
				assertThat(loop.thread()).isEqualTo("sockloop-loop-0");
				assertThat(loop.alive()).isTrue();
				assertThat(loop.fdsActive()).isGreaterThanOrEqualTo(4); // eventfd + one listener per server
				assertThat(loop.wakeups()).containsOnlyKeys("io", "task", "timer");
				assertThat(loop.iterations()).isPositive();
				assertThat(loop.maxIterationNanos()).isPositive().isGreaterThanOrEqualTo(loop.lastIterationNanos());
				assertThat(loop.pendingTasks()).isNotNegative();
			});
	}

	private static ServerDescriptor server(SockloopDescriptor descriptor, String name) {
		return descriptor.servers().stream().filter((server) -> server.name().equals(name)).findFirst().orElseThrow();
	}

	@Component
	static class Handlers {

		@SocketHandler(name = "echo", port = "0")
		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

		@SocketHandler(port = "0", codec = Codec.LINE)
		Flux<String> lines(Flux<String> inbound) {
			return inbound;
		}

		@SocketHandler(name = "framed", port = "0")
		Flux<ByteBuffer> framed(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
