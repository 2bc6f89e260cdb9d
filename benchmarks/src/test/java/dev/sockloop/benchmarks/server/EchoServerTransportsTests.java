package dev.sockloop.benchmarks.server;

import java.time.Duration;

import dev.sockloop.benchmarks.load.LoadGenerator;
import dev.sockloop.benchmarks.load.LoadOptions;
import dev.sockloop.benchmarks.load.LoadResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class EchoServerTransportsTests {

	@ParameterizedTest
	@EnumSource(Transport.class)
	void everyTransportEchoesPipelinedMessagesByteForByte(Transport transport) throws Exception {
		try (EchoServer server = transport.start(new EchoServerOptions(0, 1, false))) {
			assertThat(server.port()).isPositive();
			LoadResult result = new LoadGenerator(new LoadOptions("127.0.0.1", server.port(), 3, 3000, 3,
					Duration.ZERO, Duration.ofMillis(300), 1)).run();
			assertThat(result.errors()).isZero();
			assertThat(result.connections()).isEqualTo(3);
			assertThat(result.messages()).isPositive();
		}
	}

	@Test
	void rawEngineWithMetricsRecordsLoopIterationsThroughTheStartersBinder() throws Exception {
		try (EchoServer server = Transport.SOCKLOOP.start(new EchoServerOptions(0, 1, true))) {
			echo(server);
			MeterRegistry registry = ((SockloopEchoServer) server).registry();
			assertThat(registry.get("sockloop.loop.latency").timer().count()).isPositive();
			assertThat(registry.get("sockloop.bytes.received").tag("server", "echo").functionCounter().count())
				.isPositive();
		}
	}

	@Test
	void springTransportBindsSockloopMetersOnlyWhenAskedTo() throws Exception {
		try (EchoServer on = Transport.SPRING.start(new EchoServerOptions(0, 1, true));
				EchoServer off = Transport.SPRING.start(new EchoServerOptions(0, 1, false))) {
			echo(on);
			echo(off);
			Timer latency = registry(on).find("sockloop.loop.latency").timer();
			assertThat(latency).isNotNull();
			assertThat(latency.count()).isPositive();
			assertThat(registry(off).find("sockloop.loop.latency").timer()).isNull();
		}
	}

	private static MeterRegistry registry(EchoServer server) {
		return ((SpringEchoServer) server).context().getBean(MeterRegistry.class);
	}

	private static void echo(EchoServer server) throws Exception {
		LoadResult result = new LoadGenerator(new LoadOptions("127.0.0.1", server.port(), 2, 64, 1, Duration.ZERO,
				Duration.ofMillis(200), 1)).run();
		assertThat(result.errors()).isZero();
		assertThat(result.messages()).isPositive();
	}

}
