package dev.sockloop.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalSockloopPortPostProcessorTests {

	@Test
	void aServerThatHasNotStartedIsAnErrorNamingTheServerAndTheProperty() {
		LocalSockloopPortPostProcessor postProcessor = new LocalSockloopPortPostProcessor();
		postProcessor.setEnvironment(new MockEnvironment().withProperty("local.sockloop.echo.port", "1234"));
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> postProcessor.postProcessProperties(null, new Client(), "client"))
			.withMessageContaining("no Sockloop server named 'ehco' has started")
			.withMessageContaining("'local.sockloop.ehco.port'");
	}

	static class Client {

		@LocalSockloopPort("ehco")
		int port;

	}

}
