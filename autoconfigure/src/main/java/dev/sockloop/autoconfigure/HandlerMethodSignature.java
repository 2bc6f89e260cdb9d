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
 * @param inboundIndex index of the inbound {@code Flux} parameter, or -1
 * @param inboundType element type of the inbound {@code Flux}, or {@code null}
 * @param connectionIndex index of the {@code Connection} parameter, or -1
 * @param parameterCount number of parameters
 * @param outbound what the return value means
 * @param outboundType element type of the returned publisher for {@link Outbound#FRAMES}
 */
record HandlerMethodSignature(int inboundIndex, Class<?> inboundType, int connectionIndex, int parameterCount,
		Outbound outbound, Class<?> outboundType) {

	static final String ACCEPTED_SHAPES = "Accepted shapes: parameters, in any order and each optional, "
			+ "Flux<ByteBuffer>, Flux<byte[]> or Flux<String> (the inbound frames) and Connection; return type "
			+ "Publisher, Flux or Mono of ByteBuffer, byte[] or String (the outbound frames), Mono<Void> "
			+ "(completion), or void.";

	/** What a handler's return value means. */
	enum Outbound {

		/** Nothing: the connection lives until the application or the peer closes it. */
		NONE,

		/** A publisher whose completion ends the connection. */
		COMPLETION,

		/** A publisher of frames to write; the connection ends once they are written. */
		FRAMES

	}

	/**
	 * Checks a method's shape.
	 * @param method the annotated method
	 * @return its signature
	 * @throws IllegalStateException naming the method and the accepted shapes if it does not fit
	 */
	static HandlerMethodSignature of(Method method) {
		int inboundIndex = -1;
		Class<?> inboundType = null;
		int connectionIndex = -1;
		Class<?>[] parameterTypes = method.getParameterTypes();
		for (int i = 0; i < parameterTypes.length; i++) {
			if (parameterTypes[i] == Connection.class && connectionIndex < 0) {
				connectionIndex = i;
			}
			else if (parameterTypes[i] == Flux.class && inboundIndex < 0) {
				inboundType = frameType(ResolvableType.forMethodParameter(method, i).getGeneric(0).resolve());
				if (inboundType == null) {
					throw invalid(method, "parameter " + (i + 1) + " is "
							+ ResolvableType.forMethodParameter(method, i) + ", not a Flux of ByteBuffer, byte[] or String");
				}
				inboundIndex = i;
			}
			else {
				throw invalid(method, "parameter " + (i + 1) + " of type "
						+ ResolvableType.forMethodParameter(method, i) + " is not accepted");
			}
		}
		Class<?> returnType = method.getReturnType();
		if (returnType == void.class) {
			return new HandlerMethodSignature(inboundIndex, inboundType, connectionIndex, parameterTypes.length,
					Outbound.NONE, null);
		}
		if (!Publisher.class.isAssignableFrom(returnType)) {
			throw invalid(method, "return type " + method.getGenericReturnType().getTypeName() + " is not accepted");
		}
		Class<?> element = ResolvableType.forMethodReturnType(method).as(Publisher.class).getGeneric(0).resolve();
		if (element == Void.class) {
			return new HandlerMethodSignature(inboundIndex, inboundType, connectionIndex, parameterTypes.length,
					Outbound.COMPLETION, null);
		}
		Class<?> outboundType = frameType(element);
		if (outboundType == null) {
			throw invalid(method, "return type " + method.getGenericReturnType().getTypeName()
					+ " does not publish ByteBuffer, byte[], String or Void");
		}
		return new HandlerMethodSignature(inboundIndex, inboundType, connectionIndex, parameterTypes.length,
				Outbound.FRAMES, outboundType);
	}

	private static Class<?> frameType(Class<?> type) {
		if (type == ByteBuffer.class || type == byte[].class || type == String.class) {
			return type;
		}
		return null;
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
