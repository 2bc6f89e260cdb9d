package dev.sockloop.autoconfigure.observation;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.spring.SocketConnectionObservationConvention;
import dev.sockloop.spring.SocketServerCustomizer;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for a Micrometer {@code Observation} per
 * Sockloop connection ({@code sockloop.connection}), when the application has an
 * {@link ObservationRegistry}: Micrometer Tracing then makes a span of each connection, and the
 * default meter handler a timer tagged {@code server} and {@code outcome}. Turned off like any
 * observation: {@code management.observations.enable.sockloop=false}.
 */
@AutoConfiguration(after = SockloopAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, EventLoopGroup.class })
@ConditionalOnBean(ObservationRegistry.class)
public final class SockloopObservationAutoConfiguration {

	/**
	 * Has every server observe its connections.
	 * @param registry the application's observation registry
	 * @param convention the application's convention, if it declares one
	 * @return the customizer
	 */
	@Bean
	SocketServerCustomizer sockloopObservationCustomizer(ObservationRegistry registry,
			ObjectProvider<SocketConnectionObservationConvention> convention) {
		return (name, builder) -> {
			if (!registry.isNoop()) {
				builder.listener(new ObservationConnectionListener(registry, convention.getIfAvailable()));
			}
		};
	}

}
