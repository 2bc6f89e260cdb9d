package dev.sockloop.autoconfigure.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpointAutoConfiguration;
import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Readiness drives accepting: a real context, real sockets, one transport per subclass. When the
 * application refuses traffic the servers stop accepting while open connections carry on, up to
 * the shutdown timeout; accepting traffic again resumes them.
 */
abstract class SocketServersReadinessTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class,
				SockloopHealthContributorAutoConfiguration.class, SockloopEndpointAutoConfiguration.class))
		.withUserConfiguration(EchoHandler.class)
		.withPropertyValues("sockloop.transport=" + transport(), "sockloop.loops=2",
				"sockloop.servers.echo.address=127.0.0.1", "sockloop.servers.echo.port=0",
				"management.endpoints.web.exposure.include=sockloop");

	/**
	 * The transport the context runs on.
	 * @return {@code epoll} or {@code nio}
	 */
	abstract String transport();

	@Test
	void refusingTrafficStopsNewConnectionsWhileAnOpenOneStillEchoesAndHealthSaysDraining() {
		this.contextRunner.withPropertyValues("sockloop.servers.echo.shutdown-timeout=30s").run((context) -> {
			int port = port(context);
			try (Socket open = connect(port)) {
				assertThat(echo(open, "before")).isEqualTo("before");
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				await().atMost(DEADLINE).untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> connect(port).close()));
				assertThat(echo(open, "during")).isEqualTo("during");
				Health health = context.getBean(SockloopHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(serverDetail(health)).containsEntry("state", "draining").containsEntry("connections", 1);
				assertThat(context.getBean(SockloopEndpoint.class).sockloop().servers().get(0).state())
					.isEqualTo("draining");
			}
		});
	}

	@Test
	void acceptingTrafficAgainResumesAcceptingOnTheSamePort() {
		this.contextRunner.withPropertyValues("sockloop.servers.echo.shutdown-timeout=30s").run((context) -> {
			int port = port(context);
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
			await().atMost(DEADLINE).untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> connect(port).close()));
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			try (Socket again = connect(port)) {
				assertThat(echo(again, "again")).isEqualTo("again");
			}
			assertThat(serverDetail(context.getBean(SockloopHealthIndicator.class).health()))
				.containsEntry("state", "accepting");
		});
	}

	@Test
	void connectionsStillOpenAtTheShutdownTimeoutAreClosedAndHealthSaysDrained() {
		this.contextRunner.withPropertyValues("sockloop.servers.echo.shutdown-timeout=300ms").run((context) -> {
			int port = port(context);
			try (Socket open = connect(port)) {
				assertThat(echo(open, "before")).isEqualTo("before");
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				assertThat(open.getInputStream().read()).as("end of stream from the server").isEqualTo(-1);
				await().atMost(DEADLINE)
					.untilAsserted(() -> assertThat(serverDetail(context.getBean(SockloopHealthIndicator.class).health()))
						.containsEntry("state", "drained")
						.containsEntry("connections", 0));
			}
		});
	}

	private static int port(ApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout((int) DEADLINE.toMillis());
		socket.connect(new InetSocketAddress("127.0.0.1", port), (int) DEADLINE.toMillis());
		return socket;
	}

	private static String echo(Socket socket, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		OutputStream out = socket.getOutputStream();
		out.write(bytes);
		out.flush();
		InputStream in = socket.getInputStream();
		byte[] read = in.readNBytes(bytes.length);
		return new String(read, StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> serverDetail(Health health) {
		Map<String, Object> servers = (Map<String, Object>) health.getDetails().get("servers");
		return (Map<String, Object>) servers.get("echo");
	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
