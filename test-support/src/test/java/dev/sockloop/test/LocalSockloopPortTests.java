package dev.sockloop.test;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import dev.sockloop.spring.SocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "sockloop.loops=1", "sockloop.servers.echo.port=0", "sockloop.servers.other.port=0" })
class LocalSockloopPortTests {

	@LocalSockloopPort("echo")
	private int echoPort;

	@LocalSockloopPort("other")
	private Integer otherPort;

	private String otherPortText;

	@Autowired
	private Environment environment;

	@LocalSockloopPort("other")
	void setOtherPortText(String port) {
		this.otherPortText = port;
	}

	@Test
	void injectsThePortEachNamedServerListensOn() {
		assertThat(this.echoPort).isPositive()
			.isEqualTo(this.environment.getProperty("local.sockloop.echo.port", Integer.class));
		assertThat(this.otherPort).isPositive()
			.isNotEqualTo(this.echoPort)
			.isEqualTo(this.environment.getProperty("local.sockloop.other.port", Integer.class));
		assertThat(this.otherPortText).isEqualTo(String.valueOf(this.otherPort));
	}

	@Test
	void theInjectedPortReachesTheServer() {
		try (SocketTestClient client = SocketTestClient.connect(this.echoPort)) {
			assertThat(new String(client.send("ping").receive(4))).isEqualTo("ping");
		}
	}

	@SpringBootApplication
	static class TestApplication {

		@SocketHandler(name = "echo")
		static class Echo {

			Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
				return inbound;
			}

		}

		@SocketHandler(name = "other")
		static class Other {

			Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
				return inbound;
			}

		}

	}

}
