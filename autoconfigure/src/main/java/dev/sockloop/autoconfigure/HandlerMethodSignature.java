package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.sockloop.connection.Connection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import org.springframework.core.ResolvableType;

/**
 * What a {@code @SocketHandler} method takes and returns, checked once at start-up.
 *
 * <p>Two shapes: a <em>stream</em> handler takes the connection's inbound {@code Flux} and returns
 * what to write; a <em>request</em> handler takes one inbound frame (or message) and is invoked
 * once per frame, its answers written in request order. Elements that are not {@code ByteBuffer},
 * {@code byte[]} or {@code String} are <em>messages</em>, decoded and encoded by the server's
 * {@link MessageCodec}.
 *
 * @param inboundIndex index of the inbound {@code Flux} parameter or of the request parameter, or -1
 * @param inboundType element type of the inbound {@code Flux}, or the request type; {@code null} if none
 * @param perRequest whether the method is invoked once per inbound frame (a request handler)
 * @param connectionIndex index of the {@code Connection} parameter, or -1
 * @param parameterCount number of parameters
 * @param outbound what the return value means
 * @param outboundType element type of the returned publisher (or the returned type of a request
 * handler) for {@link Outbound#FRAMES}
 */
record HandlerMethodSignature(int inboundIndex, ResolvableType inboundType, boolean perRequest, int connectionIndex,
		int parameterCount, Outbound outbound, ResolvableType outboundType) {

	static final String ACCEPTED_SHAPES = "Accepted shapes: parameters, in any order and each optional, "
			+ "Flux<T> (the inbound frames) and Connection, with a return type of Publisher, Flux or Mono of R "
			+ "(the outbound frames), Mono<Void> (completion), or void; or, invoked once per frame, one "
			+ "parameter T (the request) and optionally Connection, with a return type of R, Mono<R> or void. "
			+ "T and R are ByteBuffer, byte[], String or a message type that the server's content type decodes.";

	/** What a handler's return value means. */
	enum Outbound {

		/** Nothing: the connection lives until the application or the peer closes it. */
		NONE,

		/** A publisher whose completion ends the connection (for a request handler: the request's). */
		COMPLETION,

		/** Frames to write; for a stream handler the connection ends once they are written. */
		FRAMES

	}

	/**
	 * Whether the inbound elements are messages for the server's {@link MessageCodec}.
	 * @return {@code true} for a type other than ByteBuffer, byte[] and String
	 */
	boolean inboundIsMessage() {
		return this.inboundType != null && isMessage(this.inboundType.toClass());
	}

	/**
	 * Whether the outbound elements are messages for the server's {@link MessageCodec}.
	 * @return {@code true} for a type other than ByteBuffer, byte[] and String
	 */
	boolean outboundIsMessage() {
		return this.outbound == Outbound.FRAMES && isMessage(this.outboundType.toClass());
	}

	/**
	 * Checks a method's shape.
	 * @param method the annotated method
	 * @return its signature
	 * @throws IllegalStateException naming the method and the accepted shapes if it does not fit
	 */
	static HandlerMethodSignature of(Method method) {
		int inboundIndex = -1;
		ResolvableType inboundType = null;
		boolean perRequest = false;
		int connectionIndex = -1;
		Class<?>[] parameterTypes = method.getParameterTypes();
		for (int i = 0; i < parameterTypes.length; i++) {
			ResolvableType parameter = ResolvableType.forMethodParameter(method, i);
			if (parameterTypes[i] == Connection.class && connectionIndex < 0) {
				connectionIndex = i;
			}
			else if (inboundIndex >= 0 || Publisher.class.isAssignableFrom(parameterTypes[i])
					&& parameterTypes[i] != Flux.class) {
				throw invalid(method, "parameter " + (i + 1) + " of type " + parameter + " is not accepted");
			}
			else if (parameterTypes[i] == Flux.class) {
				inboundType = element(parameter.getGeneric(0));
				if (inboundType == null) {
					throw invalid(method, "parameter " + (i + 1) + " is " + parameter + ", a Flux of no known type");
				}
				inboundIndex = i;
			}
			else {
				inboundType = parameter;
				inboundIndex = i;
				perRequest = true;
			}
		}
		Class<?> returnType = method.getReturnType();
		if (returnType == void.class) {
			return new HandlerMethodSignature(inboundIndex, inboundType, perRequest, connectionIndex,
					parameterTypes.length, Outbound.NONE, null);
		}
		if (!Publisher.class.isAssignableFrom(returnType)) {
			if (perRequest) {
				return new HandlerMethodSignature(inboundIndex, inboundType, true, connectionIndex,
						parameterTypes.length, Outbound.FRAMES, ResolvableType.forMethodReturnType(method));
			}
			throw invalid(method, "return type " + method.getGenericReturnType().getTypeName() + " is not accepted");
		}
		ResolvableType element = element(ResolvableType.forMethodReturnType(method).as(Publisher.class).getGeneric(0));
		if (element == null) {
			throw invalid(method, "return type " + method.getGenericReturnType().getTypeName()
					+ " publishes no known type");
		}
		if (element.toClass() == Void.class) {
			return new HandlerMethodSignature(inboundIndex, inboundType, perRequest, connectionIndex,
					parameterTypes.length, Outbound.COMPLETION, null);
		}
		return new HandlerMethodSignature(inboundIndex, inboundType, perRequest, connectionIndex,
				parameterTypes.length, Outbound.FRAMES, element);
	}

	/** The element type, or {@code null} when it is unknown (a raw or wildcard type). */
	private static ResolvableType element(ResolvableType type) {
		return (type == ResolvableType.NONE || type.resolve() == null) ? null : type;
	}

	private static boolean isMessage(Class<?> type) {
		return type != ByteBuffer.class && type != byte[].class && type != String.class;
	}

	private static IllegalStateException invalid(Method method, String problem) {
		return new IllegalStateException(
				"Invalid @SocketHandler method " + describe(method) + ": " + problem + ". " + ACCEPTED_SHAPES);
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "("
				+ Arrays.stream(method.getGenericParameterTypes())
					.map((type) -> type.getTypeName().replace("java.nio.", "")
						.replace("java.lang.", "")
						.replace("reactor.core.publisher.", "")
						.replace("dev.sockloop.connection.", ""))
					.collect(Collectors.joining(", "))
				+ ")";
	}

}
