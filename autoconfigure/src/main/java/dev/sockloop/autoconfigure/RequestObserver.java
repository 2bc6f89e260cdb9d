package dev.sockloop.autoconfigure;

import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import dev.sockloop.connection.Connection;

/**
 * What a handler invoked per request does around each request: nothing, or one
 * {@code sockloop.request} observation when the application has an {@code ObservationRegistry}
 * (see {@link ObservationRequestObserver}). Micrometer is optional: this type never names it.
 */
@FunctionalInterface
interface RequestObserver {

	/** Observes nothing. */
	RequestObserver NONE = (connection, answer) -> answer.get();

	/**
	 * The answer to one request, observed.
	 * @param connection the connection the request came on
	 * @param answer invokes the handler; called once the returned publisher is subscribed to, so
	 * that the observation covers the invocation too
	 * @return the answer
	 */
	Publisher<Object> observe(Connection connection, Supplier<Publisher<Object>> answer);

	/**
	 * The observer for an application: observations where Micrometer is present and the
	 * application has a registry that records, none otherwise.
	 * @param beanFactory the application's bean factory
	 * @return the observer
	 */
	static RequestObserver of(ListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent("io.micrometer.observation.ObservationRegistry",
				RequestObserver.class.getClassLoader())) {
			return NONE;
		}
		return ObservationRequestObserver.of(beanFactory);
	}

}
