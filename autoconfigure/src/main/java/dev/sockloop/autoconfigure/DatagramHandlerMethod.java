package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.spring.DatagramHandler;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;

/**
 * One {@code @DatagramHandler}, found on a bean, with its shape checked once at start-up.
 *
 * @param serverName name of the server
 * @param beanName name of the bean declaring the method
 * @param method the handler method, as declared on the bean's class
 * @param port port given on the annotation, unresolved; empty if none
 * @param scheduler name of the scheduler bean given on the annotation; empty if none
 * @param shape what the method takes and returns
 */
record DatagramHandlerMethod(String serverName, String beanName, Method method, String port, String scheduler,
		Shape shape) implements AnnotatedHandlerMethod {

	static final String ACCEPTED_SHAPES = "Accepted shapes: Publisher<Datagram> (or Flux, Mono) taking "
			+ "Flux<Datagram> (per socket); or, taking one Datagram (per datagram), Datagram, Mono<Datagram>, "
			+ "Publisher<Datagram>, Mono<Void> or void.";

	/** What a handler method takes and returns. */
	enum Shape {

		/** {@code Publisher<Datagram> m(Flux<Datagram>)}: called once per socket. */
		STREAM,

		/** {@code Datagram m(Datagram)}: a reply, or {@code null} for none. */
		REPLY,

		/** {@code Publisher<Datagram> m(Datagram)}: replies. */
		REPLIES,

		/** {@code void} or {@code Mono<Void> m(Datagram)}: nothing to send. */
		NONE

	}

	/** Makes the handler of a found method: a {@link HandlerMethodFinder.Factory}. */
	static DatagramHandlerMethod of(String serverName, String beanName, Method method, DatagramHandler annotation) {
		return new DatagramHandlerMethod(serverName, beanName, method, annotation.port(), annotation.scheduler(),
				shapeOf(method));
	}

	/**
	 * Checks a method's shape.
	 * @param method the method
	 * @return its shape
	 * @throws IllegalStateException naming the method and the accepted shapes if it does not fit
	 */
	static Shape shapeOf(Method method) {
		if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 1) {
			throw invalid(method);
		}
		ResolvableType parameter = ResolvableType.forMethodParameter(method, 0);
		ResolvableType result = ResolvableType.forMethodReturnType(method);
		Class<?> returned = result.resolve(Object.class);
		if (parameter.resolve() == Flux.class && parameter.getGeneric(0).resolve() == Datagram.class) {
			if (Publisher.class.isAssignableFrom(returned) && result.as(Publisher.class).getGeneric(0).resolve() == Datagram.class) {
				return Shape.STREAM;
			}
			throw invalid(method);
		}
		if (parameter.resolve() != Datagram.class) {
			throw invalid(method);
		}
		if (returned == void.class) {
			return Shape.NONE;
		}
		if (returned == Datagram.class) {
			return Shape.REPLY;
		}
		if (Publisher.class.isAssignableFrom(returned)) {
			Class<?> element = result.as(Publisher.class).getGeneric(0).resolve();
			if (element == Datagram.class) {
				return Shape.REPLIES;
			}
			if (element == Void.class && Mono.class.isAssignableFrom(returned)) {
				return Shape.NONE;
			}
		}
		throw invalid(method);
	}

	private static IllegalStateException invalid(Method method) {
		return new IllegalStateException("Invalid @DatagramHandler method " + HandlerMethodSignature.describe(method)
				+ ". " + ACCEPTED_SHAPES);
	}

}
