package dev.sockloop.autoconfigure.observation;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionListener.OnClose;
import dev.sockloop.stats.CloseReason;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The listener behind {@code sockloop.connection}: what it keeps for a connection's life.
 */
class ObservationConnectionListenerTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final Connection connection = mock(Connection.class);

	ObservationConnectionListenerTests() {
		given(this.connection.serverName()).willReturn("echo");
	}

	@Test
	void anEnabledObservationRunsFromOpenToCloseWithTheCloseReasonAsOutcome() {
		OnClose onClose = new ObservationConnectionListener(this.registry, null).opened(this.connection);
		assertThat(onClose).isNotNull();
		onClose.closed(CloseReason.PEER_CLOSED);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("sockloop.connection")
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("server", "echo")
			.hasLowCardinalityKeyValue("outcome", "peer-closed");
	}

	@Test
	void aDisabledObservationKeepsNothingForTheConnection() {
		// What management.observations.enable.sockloop.connection=false installs.
		this.registry.observationConfig()
			.observationPredicate((name, context) -> !name.equals("sockloop.connection"));
		OnClose onClose = new ObservationConnectionListener(this.registry, null).opened(this.connection);
		assertThat(onClose).as("nothing to hold for the connection's life").isNull();
		TestObservationRegistryAssert.assertThat(this.registry).doesNotHaveAnyObservation();
	}

}
