package dev.sockloop.benchmarks.server;

import java.time.Duration;

import dev.sockloop.benchmarks.load.LoadGenerator;
import dev.sockloop.benchmarks.load.LoadOptions;
import dev.sockloop.benchmarks.load.LoadResult;
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

}
