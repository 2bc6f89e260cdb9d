package dev.sockloop.autoconfigure;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ListableBeanFactory;
import reactor.core.publisher.Flux;

import dev.sockloop.connection.Connection;
import dev.sockloop.spring.SocketRequestObservationConvention;
import dev.sockloop.spring.SocketRequestObservations;

/**
 * One {@code sockloop.request} observation per request, through
 * {@link SocketRequestObservations}: turned off like any observation
 * ({@code management.observations.enable.sockloop.request=false}), renamed or re-keyed with a
 * {@link SocketRequestObservationConvention} bean.
 */
final class ObservationRequestObserver implements RequestObserver {

	private final ObservationRegistry registry;

	private final SocketRequestObservationConvention convention;

	private ObservationRequestObserver(ObservationRegistry registry, SocketRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/**
	 * The observer for the application's registry.
	 * @param beanFactory the application's bean factory
	 * @return the observer, or {@link RequestObserver#NONE} without a registry or with a no-op one
	 */
	static RequestObserver of(ListableBeanFactory beanFactory) {
		ObservationRegistry registry = beanFactory.getBeanProvider(ObservationRegistry.class).getIfUnique();
		if (registry == null || registry.isNoop()) {
			return RequestObserver.NONE;
		}
		return new ObservationRequestObserver(registry,
				beanFactory.getBeanProvider(SocketRequestObservationConvention.class).getIfUnique());
	}

	@Override
	public Publisher<Object> observe(Connection connection, Supplier<Publisher<Object>> answer) {
		return SocketRequestObservations.observe(Flux.defer(answer), this.registry, connection, this.convention);
	}

}
