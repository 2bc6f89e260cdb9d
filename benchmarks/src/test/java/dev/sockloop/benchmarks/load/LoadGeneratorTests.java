package dev.sockloop.benchmarks.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import dev.sockloop.benchmarks.server.EchoServer;
import dev.sockloop.benchmarks.server.EchoServerOptions;
import dev.sockloop.benchmarks.server.NioEchoServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadGeneratorTests {

	@Test
	void pipelinedLoadAgainstNioEchoVerifiesEveryByteWithoutErrors() throws Exception {
		try (EchoServer server = NioEchoServer.start(new EchoServerOptions(0, 1, false))) {
			LoadResult result = new LoadGenerator(new LoadOptions("127.0.0.1", server.port(), 4, 1000, 4,
					Duration.ofMillis(200), Duration.ofSeconds(1), 2)).run();
			assertThat(result.errors()).isZero();
			assertThat(result.connections()).isEqualTo(4);
			assertThat(result.messages()).isPositive();
			assertThat(result.messagesPerSecond()).isPositive();
			assertThat(result.p99Micros()).isGreaterThanOrEqualTo(result.p50Micros()).isPositive();
			assertThat(result.toJson()).startsWith("{\"kind\":\"load\"").contains("\"errors\":0");
		}
	}

	@Test
	void loadCountsAServerThatCorruptsBytesAsErrors() throws Exception {
		try (EchoServer server = CorruptingEchoServer.start()) {
			LoadResult result = new LoadGenerator(new LoadOptions("127.0.0.1", server.port(), 2, 64, 1,
					Duration.ZERO, Duration.ofMillis(500), 1)).run();
			assertThat(result.errors()).isEqualTo(2);
		}
	}

	@Test
	void churnConnectsEchoesAndClosesRepeatedly() throws Exception {
		try (EchoServer server = NioEchoServer.start(new EchoServerOptions(0, 1, false))) {
			Map<String, Object> result = new ChurnGenerator(new InetSocketAddress("127.0.0.1", server.port()), 4,
					Duration.ZERO, Duration.ofMillis(500)).run();
			assertThat(((Number) result.get("errors")).longValue()).isZero();
			assertThat(((Number) result.get("connections")).longValue()).isPositive();
		}
	}

	@Test
	void idleConnectionsAreHeldUntilClosed() throws Exception {
		try (EchoServer server = NioEchoServer.start(new EchoServerOptions(0, 1, false));
				IdleConnections idle = IdleConnections.open(new InetSocketAddress("127.0.0.1", server.port()), 20)) {
			assertThat(idle.held()).isEqualTo(20);
			assertThat(idle.errors()).isZero();
		}
	}

	@Test
	void patternDetectsAChangedByte() {
		PayloadPattern pattern = new PayloadPattern(128);
		byte[] received = new byte[100];
		pattern.slice(pattern.newWriteView(), PayloadPattern.PERIOD - 10, 100).get(received);
		assertThat(pattern.matches(received, 0, 100, PayloadPattern.PERIOD - 10)).isTrue();
		assertThat(pattern.matches(received, 0, 100, 2L * PayloadPattern.PERIOD - 10)).isTrue();
		received[57]++;
		assertThat(pattern.matches(received, 0, 100, PayloadPattern.PERIOD - 10)).isFalse();
	}

}
