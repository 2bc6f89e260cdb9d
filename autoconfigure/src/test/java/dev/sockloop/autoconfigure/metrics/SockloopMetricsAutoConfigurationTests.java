package dev.sockloop.autoconfigure.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SockloopMetricsAutoConfiguration} and the values of {@link SockloopMeterBinder}'s
 * meters against a real server on loopback.
 */
class SockloopMetricsAutoConfigurationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, SockloopMetricsAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "sockloop.defaults.address=127.0.0.1",
				"sockloop.defaults.shutdown-timeout=5s");

	@Test
	void runWithRegistryShouldBindLoopMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SockloopMeterBinder.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("sockloop.fds.active").gauges()).hasSize(2);
			assertThat(registry.get("sockloop.fds.active").tag("loop", "0").gauge().value()).isGreaterThanOrEqualTo(1);
			assertThat(registry.find("sockloop.loop.wakeups").tag("loop", "1").functionCounters())
				.extracting((counter) -> counter.getId().getTag("cause"))
				.containsExactlyInAnyOrder("io", "task", "timer");
			assertThat(registry.find("sockloop.loop.latency").timers()).hasSize(2);
			assertThat(registry.find("sockloop.loop.events").summaries()).hasSize(2);
		});
	}

	@Test
	void runWhenDisabledShouldNotBindMeters() {
		this.contextRunner.withPropertyValues("sockloop.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SockloopMeterBinder.class);
			assertThat(context.getBean(MeterRegistry.class).find("sockloop.fds.active").gauges()).isEmpty();
		});
	}

	@Test
	void runWithoutRegistryShouldNotCreateBinder() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SockloopAutoConfiguration.class, SockloopMetricsAutoConfiguration.class))
			.withPropertyValues("sockloop.loops=1")
			.run((context) -> assertThat(context).hasSingleBean(EventLoopGroup.class)
				.doesNotHaveBean(SockloopMeterBinder.class));
	}

	@Test
	void runWithoutMicrometerShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(SocketServers.class)
				.doesNotHaveBean(SockloopMeterBinder.class));
	}

	@Test
	void runWhenSockloopIsDisabledShouldNotCreateBinder() {
		this.contextRunner.withPropertyValues("sockloop.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SockloopMeterBinder.class));
	}

	@Test
	void connectionGaugesShouldFollowOpenAndClosedConnections() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
			double fdsBefore = sum(registry.find("sockloop.fds.active").gauges());
			int k = 7;
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < k; i++) {
					sockets.add(connect(port));
				}
				await().atMost(DEADLINE).untilAsserted(() -> {
					assertThat(registry.get("sockloop.connections.active").tag("server", "echo").gauge().value())
						.isEqualTo(k);
					assertThat(sum(registry.find("sockloop.fds.active").gauges())).isGreaterThanOrEqualTo(k)
						.isGreaterThanOrEqualTo(fdsBefore + k);
					assertThat(count(registry.find("sockloop.connections.opened").tag("server", "echo")
						.functionCounters())).isEqualTo(k);
				});
			}
			finally {
				for (Socket socket : sockets) {
					socket.close();
				}
			}
			await().atMost(DEADLINE).untilAsserted(() -> {
				assertThat(registry.get("sockloop.connections.active").tag("server", "echo").gauge().value())
					.isZero();
				assertThat(sum(registry.find("sockloop.fds.active").gauges())).isEqualTo(fdsBefore);
				assertThat(count(registry.find("sockloop.connections.closed")
					.tags("server", "echo", "reason", "peer-closed")
					.functionCounters())).isEqualTo(k);
			});
		});
	}

	@Test
	void bytesReceivedAndSentShouldGrowByTheBytesExchanged() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
			double receivedBefore = count(registry.find("sockloop.bytes.received").tag("server", "echo")
				.functionCounters());
			int n = 300_000;
			try (Socket socket = connect(port)) {
				byte[] payload = new byte[n];
				socket.getOutputStream().write(payload);
				assertThat(socket.getInputStream().readNBytes(n)).hasSize(n);
				await().atMost(DEADLINE).untilAsserted(() -> {
					assertThat(count(registry.find("sockloop.bytes.received").tag("server", "echo")
						.functionCounters())).isEqualTo(receivedBefore + n);
					assertThat(count(registry.find("sockloop.bytes.sent").tag("server", "echo")
						.functionCounters())).isEqualTo(n);
				});
			}
			FunctionCounter received = registry.find("sockloop.bytes.received").functionCounters().iterator().next();
			assertThat(received.getId().getBaseUnit()).isEqualTo("bytes");
			assertThat(received.getId().getTag("loop")).isNotNull();
		});
	}

	@Test
	void loopLatencyAndEventsShouldBeRecordedPerIteration() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
			try (Socket socket = connect(port)) {
				socket.getOutputStream().write(new byte[16]);
				socket.getInputStream().readNBytes(16);
			}
			await().atMost(DEADLINE).untilAsserted(() -> {
				long iterations = registry.find("sockloop.loop.latency").timers().stream().mapToLong(Timer::count).sum();
				long summarised = registry.find("sockloop.loop.events")
					.summaries()
					.stream()
					.mapToLong(DistributionSummary::count)
					.sum();
				assertThat(iterations).isPositive();
				assertThat(summarised).isEqualTo(iterations);
				assertThat(sum(registry.find("sockloop.loop.wakeups").tag("cause", "io").functionCounters()))
					.isPositive();
			});
		});
	}

	@Test
	void serverMetersShouldCarryOnlyBoundedTags() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			List<String> tagKeys = registry.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("sockloop."))
				.filter((meter) -> !meter.getId().getName().startsWith("sockloop.client."))
				.flatMap((meter) -> meter.getId().getTags().stream())
				.map((tag) -> tag.getKey())
				.distinct()
				.toList();
			// 'le' names the fixed bucket bounds of the latency and events histograms; 'transport' is epoll or nio.
			assertThat(tagKeys).containsExactlyInAnyOrder("server", "loop", "cause", "reason", "errno", "le",
					"transport");
			List<String> clientTagKeys = registry.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("sockloop.client."))
				.flatMap((meter) -> meter.getId().getTags().stream())
				.map((tag) -> tag.getKey())
				.distinct()
				.toList();
			assertThat(clientTagKeys).containsExactlyInAnyOrder("client", "reason");
			assertThat(registry.find("sockloop.accept.errors").tags("server", "echo", "errno", "emfile")
				.functionCounters()).hasSize(2);
			assertThat(registry.find("sockloop.frames.rejected").tag("server", "echo").functionCounter()).isNotNull();
			assertThat(registry.find("sockloop.handler.errors").tag("server", "echo").functionCounter()).isNotNull();
			assertThat(registry.find("sockloop.backpressure.paused").tag("server", "echo").functionCounters())
				.hasSize(2);
		});
	}

	@Test
	void destroyedBinderShouldStopRecordingIterations() throws InterruptedException {
		try (EventLoopGroup group = new EventLoopGroup(1, "binder-test-loop-")) {
			MeterRegistry registry = new SimpleMeterRegistry();
			SockloopMeterBinder binder = new SockloopMeterBinder(group, new SocketServers(group));
			binder.bindTo(registry);
			group.loop(0).execute(() -> { });
			await().atMost(DEADLINE)
				.untilAsserted(() -> assertThat(registry.get("sockloop.loop.latency").timer().count()).isPositive());
			binder.destroy();
			// Iterations that began before destroy() end before this task's iteration begins.
			CountDownLatch drained = new CountDownLatch(1);
			group.loop(0).execute(drained::countDown);
			assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
			long recorded = registry.get("sockloop.loop.latency").timer().count();
			long iterations = group.loop(0).stats().iterations();
			for (int i = 0; i < 3; i++) {
				group.loop(0).execute(() -> { });
			}
			await().atMost(DEADLINE).until(() -> group.loop(0).stats().iterations() > iterations);
			assertThat(registry.get("sockloop.loop.latency").timer().count()).isEqualTo(recorded);
		}
	}

	private static double sum(Collection<? extends Meter> meters) {
		double sum = 0;
		for (Meter meter : meters) {
			if (meter instanceof Gauge gauge) {
				sum += gauge.value();
			}
			else if (meter instanceof FunctionCounter counter) {
				sum += counter.count();
			}
		}
		return sum;
	}

	private static double count(Collection<FunctionCounter> counters) {
		return sum(counters);
	}

	private static Socket connect(int port) throws IOException {
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
