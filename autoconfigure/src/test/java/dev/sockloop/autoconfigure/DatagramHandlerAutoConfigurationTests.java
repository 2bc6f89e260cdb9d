package dev.sockloop.autoconfigure;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint.DatagramServerDescriptor;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpointAutoConfiguration;
import dev.sockloop.autoconfigure.health.SockloopHealthContributorAutoConfiguration;
import dev.sockloop.autoconfigure.health.SockloopHealthIndicator;
import dev.sockloop.autoconfigure.metrics.SockloopMetricsAutoConfiguration;
import dev.sockloop.datagram.Datagram;
import dev.sockloop.datagram.DatagramServer;
import dev.sockloop.spring.DatagramHandler;
import dev.sockloop.spring.DatagramServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @DatagramHandler} through the auto-configuration, with real UDP sockets on loopback.
 */
class DatagramHandlerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, SockloopMetricsAutoConfiguration.class,
				SockloopHealthContributorAutoConfiguration.class, SockloopEndpointAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "management.endpoints.web.exposure.include=sockloop",
				"sockloop.datagram.echo.address=127.0.0.1", "sockloop.datagram.echo.shutdown-timeout=2s");

	@Test
	void aPerSocketHandlerEchoesEachDatagramToItsSender() {
		this.contextRunner.withUserConfiguration(StreamEcho.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(exchange(context, "echo", "hello")).isEqualTo("hello");
			assertThat(context.getBean(DatagramServers.class).get("echo").socketCount()).isEqualTo(2);
		});
	}

	@Test
	void aPerDatagramHandlerThatThrowsCostsThatDatagramOnlyAndIsCounted() {
		this.contextRunner.withUserConfiguration(ReplyEcho.class).run((context) -> {
			assertThat(exchange(context, "echo", "boom")).isNull();
			assertThat(exchange(context, "echo", "fine")).isEqualTo("FINE");
			assertThat(context.getBean(DatagramServers.class).get("echo").stats().handlerErrors()).isEqualTo(1);
		});
	}

	@Test
	void anOffloadedHandlerRunsOffTheEventLoop() {
		this.contextRunner.withUserConfiguration(ThreadNameReply.class)
			.withPropertyValues("sockloop.datagram.echo.offload=bounded-elastic")
			.run((context) -> assertThat(exchange(context, "echo", "?")).startsWith("boundedElastic"));
	}

	@Test
	void anOffloadedHandlerThatBlocksHoldsAtMostItsPrefetchOfDatagramsInTheJvm() {
		BlockingReply.release = new CountDownLatch(1);
		this.contextRunner.withUserConfiguration(BlockingReply.class)
			.withPropertyValues("sockloop.datagram.echo.offload=bounded-elastic")
			.run((context) -> {
				DatagramServer server = context.getBean(DatagramServers.class).get("echo");
				int port = context.getEnvironment().getRequiredProperty("local.sockloop.datagram.echo.port", Integer.class);
				try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
					for (int i = 0; i < 1000; i++) {
						peer.send(new DatagramPacket(new byte[100], 100, new InetSocketAddress("127.0.0.1", port)));
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().datagramsReceived() >= 32);
					assertThat(server.stats().datagramsReceived()).as("datagrams taken from the kernel while the handler blocks")
						.isEqualTo(HandlerMethodDatagramHandler.OFFLOAD_PREFETCH);
				}
				finally {
					BlockingReply.release.countDown();
				}
			});
	}

	@Test
	void aHandlerOfAnotherShapeFailsStartUpNamingIt() {
		this.contextRunner.withUserConfiguration(WrongShape.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Invalid @DatagramHandler method")
				.hasMessageContaining("WrongShape.handle(String)")
				.hasMessageContaining("Accepted shapes");
		});
	}

	@Test
	void aDatagramBlockNamingNoHandlerFailsStartUpNamingTheProperty() {
		this.contextRunner.withUserConfiguration(StreamEcho.class)
			.withPropertyValues("sockloop.datagram.ecoh.port=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("sockloop.datagram.ecoh"));
	}

	@Test
	void anAnnotatedPortOutOfRangeFailsStartUpNamingTheAnnotationAndTheProperty() {
		this.contextRunner.withUserConfiguration(PlaceholderPortEcho.class)
			.withPropertyValues("test.port=70000")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("@DatagramHandler port '${test.port}' must be between 0 and 65535, was 70000")
				.hasMessageContaining("sockloop.datagram.echo.port"));
	}

	@Test
	void aMaxDatagramSizeOverTheUdpMaximumFailsStartUpNamingTheProperty() {
		this.contextRunner.withUserConfiguration(StreamEcho.class)
			.withPropertyValues("sockloop.datagram.echo.max-datagram-size=100KB")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("sockloop.datagram.echo.max-datagram-size"));
	}

	@Test
	void metersHealthAndEndpointDescribeTheDatagramServer() {
		this.contextRunner.withUserConfiguration(StreamEcho.class).run((context) -> {
			assertThat(exchange(context, "echo", "count me")).isEqualTo("count me");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(registry.find("sockloop.datagram.received").tag("server", "echo").functionCounters()
					.stream().mapToDouble((counter) -> counter.count()).sum()).isEqualTo(1);
				assertThat(registry.find("sockloop.datagram.bytes.sent").tag("server", "echo").functionCounters()
					.stream().mapToDouble((counter) -> counter.count()).sum()).isEqualTo(8);
			});
			assertThat(registry.find("sockloop.datagram.dropped").functionCounters()).hasSize(2);
			Health health = context.getBean(SockloopHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> datagram = (Map<String, Map<String, Object>>) health.getDetails()
				.get("datagramServers");
			assertThat(datagram.get("echo")).containsEntry("status", "running");
			DatagramServerDescriptor described = context.getBean(SockloopEndpoint.class).sockloop().datagramServers()
				.get(0);
			assertThat(described.name()).isEqualTo("echo");
			assertThat(described.datagramsReceived()).isEqualTo(1);
		});
	}

	/** Sends a datagram to the named server and waits up to two seconds for an answer, or null. */
	private static String exchange(ConfigurableApplicationContext context, String name, String text) throws Exception {
		int port = context.getEnvironment().getRequiredProperty("local.sockloop.datagram." + name + ".port", Integer.class);
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout(2000);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
			byte[] buffer = new byte[2048];
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				socket.receive(packet);
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
			return new String(Arrays.copyOf(buffer, packet.getLength()), StandardCharsets.UTF_8);
		}
	}

	@DatagramHandler(name = "echo", port = "0")
	static class StreamEcho {

		Flux<Datagram> handle(Flux<Datagram> datagrams) {
			return datagrams.map((datagram) -> datagram.reply(datagram.payload()));
		}

	}

	@DatagramHandler(name = "echo", port = "${test.port}")
	static class PlaceholderPortEcho {

		Flux<Datagram> handle(Flux<Datagram> datagrams) {
			return datagrams;
		}

	}

	@DatagramHandler(name = "echo", port = "0")
	static class ReplyEcho {

		Datagram handle(Datagram datagram) {
			String text = StandardCharsets.UTF_8.decode(datagram.payload()).toString();
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			return datagram.reply(ByteBuffer.wrap(text.toUpperCase().getBytes(StandardCharsets.UTF_8)));
		}

	}

	@DatagramHandler(name = "echo", port = "0")
	static class ThreadNameReply {

		Mono<Datagram> handle(Datagram datagram) {
			return Mono.just(datagram.reply(ByteBuffer.wrap(Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8))));
		}

	}

	@DatagramHandler(name = "echo", port = "0")
	static class BlockingReply {

		static volatile CountDownLatch release;

		void handle(Datagram datagram) throws InterruptedException {
			release.await();
		}

	}

	@DatagramHandler(name = "echo", port = "0")
	static class WrongShape {

		String handle(String text) {
			return text;
		}

	}

}
