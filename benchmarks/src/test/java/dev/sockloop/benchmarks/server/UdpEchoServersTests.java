package dev.sockloop.benchmarks.server;

import java.time.Duration;

import dev.sockloop.benchmarks.load.LoadOptions;
import dev.sockloop.benchmarks.load.LoadResult;
import dev.sockloop.benchmarks.load.UdpLoadGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UdpEchoServersTests {

	@ParameterizedTest
	@EnumSource(value = Transport.class, names = { "SOCKLOOP", "NIO_SOCKLOOP", "NETTY", "SPRING" })
	void everyUdpEchoAnswersEachDatagramByteForByte(Transport transport) throws Exception {
		try (EchoServer server = UdpEchoServers.start(transport, new EchoServerOptions(0, 2, false))) {
			assertThat(server.port()).isPositive();
			UdpLoadGenerator generator = new UdpLoadGenerator(new LoadOptions("127.0.0.1", server.port(), 4, 512, 2,
					Duration.ofMillis(300), Duration.ofMillis(500), 1));
			LoadResult result = generator.run();
			assertThat(generator.corrupt()).isZero();
			assertThat(generator.lost()).isZero();
			assertThat(result.messages()).isPositive();
		}
	}

	@ParameterizedTest
	@EnumSource(value = Transport.class, names = { "REACTOR_NETTY", "NIO" })
	void transportsWithoutAUdpEchoAreRefusedByName(Transport transport) {
		assertThat(UdpEchoServers.supports(transport)).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UdpEchoServers.start(transport, new EchoServerOptions(0, 1, false)))
			.withMessageContaining(transport.cliName());
	}

}
