package dev.sockloop.autoconfigure.observation;

import java.time.Duration;

import dev.sockloop.connection.Connection;
import dev.sockloop.spring.SocketRequestObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The per-request hook: one {@code sockloop.request} observation per response, with its outcome.
 */
class SocketRequestObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final Connection connection = mock(Connection.class);

	SocketRequestObservationsTests() {
		given(this.connection.serverName()).willReturn("kv");
	}

	@Test
	void aSuccessfulResponseIsObservedWithItsServerAndOutcomeAndIsTheCurrentObservationInside() {
		Mono<String> response = Mono.deferContextual((context) -> Mono
			.just(context.<Observation>get("micrometer.observation").getContext().getName()));
		String seen = SocketRequestObservations.observe(response, this.registry, this.connection, null)
			.block(Duration.ofSeconds(5));
		assertThat(seen).isEqualTo("sockloop.request");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("sockloop.request")
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("server", "kv")
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void aFailedResponseIsObservedWithItsError() {
		Mono<String> response = Mono.error(new IllegalStateException("no such key"));
		assertThatIllegalStateException().isThrownBy(() -> SocketRequestObservations
			.observe(response, this.registry, this.connection, null)
			.block(Duration.ofSeconds(5)));
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "error")
			.assertThatError()
			.hasMessage("no such key");
	}

}
